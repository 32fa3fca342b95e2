import type { ServerResponse } from "node:http";
import { once } from "node:events";
import { isLegacyJsonRpcMethod, isV1JsonRpcMethod } from "@a2a-js/sdk/compat/v0_3";
import { z } from "zod";

/** JSON-RPC codes the A2A endpoint answers with before the SDK sees a request. */
export const A2A_RPC_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  internalError: -32603,
  versionNotSupported: -32009,
  /**
   * Refused before it reached the agent (key, limits, deployment, capacity): the HTTP status and
   * `data.reason` say why. Not the gateway's MCP -32001, which A2A clients read as TaskNotFound.
   */
  refused: -32000,
} as const;

export const V1_METHODS = ["SendMessage", "SendStreamingMessage", "GetTask", "ListTasks", "CancelTask", "SubscribeToTask", "CreateTaskPushNotificationConfig", "GetTaskPushNotificationConfig", "ListTaskPushNotificationConfigs", "DeleteTaskPushNotificationConfig", "GetExtendedAgentCard"];
const LEGACY_METHODS = ["message/send", "message/stream", "tasks/get", "tasks/cancel", "tasks/resubscribe", "tasks/pushNotificationConfig/{set,get,list,delete}", "agent/getAuthenticatedExtendedCard"];
/** Methods that start a task unless their message names one. */
const SEND_METHODS = new Set(["SendMessage", "SendStreamingMessage", "message/send", "message/stream"]);

const envelopeSchema = z.object({
  jsonrpc: z.literal("2.0", { error: 'expected "jsonrpc": "2.0"' }),
  id: z.union([z.string(), z.number().int(), z.null()], { error: "expected a string or integer id" }).optional(),
  method: z.string({ error: "expected a method name, e.g. SendMessage" }).min(1, { error: "expected a method name, e.g. SendMessage" }),
  params: z.record(z.string(), z.unknown(), { error: "expected params to be an object" }).optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

export type EnvelopeCheck =
  | { ok: true; envelope: Envelope; version: "1.0" | "0.3" }
  | { ok: false; id: string | number | null; code: number; message: string };

/**
 * Reads one A2A JSON-RPC request: its envelope (zod), the protocol version it speaks (the
 * A2A-Version header; without one, a v1.0 method name means v1.0 and anything else v0.3, as
 * v0.3 clients send no header) and whether that version has the method.
 */
export function checkEnvelope(body: unknown, versionHeader: string | undefined): EnvelopeCheck {
  if (Array.isArray(body)) return { ok: false, id: null, code: A2A_RPC_CODES.invalidRequest, message: "A2A takes one JSON-RPC request per POST, not a batch" };
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id = (body as { id?: unknown } | null)?.id;
    return { ok: false, id: typeof id === "string" || typeof id === "number" ? id : null, code: A2A_RPC_CODES.invalidRequest, message: `invalid JSON-RPC request: ${issue.path.join(".") || "body"}: ${issue.message}` };
  }
  const envelope = parsed.data;
  const id = envelope.id ?? null;
  const requested = versionHeader?.trim();
  const version = requested ? (/^1(\.0)?$/.test(requested) ? "1.0" : /^0\.3(\.\d+)?$/.test(requested) ? "0.3" : undefined) : isV1JsonRpcMethod(envelope.method) ? "1.0" : "0.3";
  if (!version) return { ok: false, id, code: A2A_RPC_CODES.versionNotSupported, message: `A2A-Version ${requested} is not supported: this agent speaks 1.0 and 0.3` };
  if (version === "1.0" && !isV1JsonRpcMethod(envelope.method)) {
    const hint = isLegacyJsonRpcMethod(envelope.method) ? ` (${envelope.method} is A2A v0.3: send A2A-Version: 0.3, or use the v1.0 name)` : "";
    return { ok: false, id, code: A2A_RPC_CODES.methodNotFound, message: `unknown method "${envelope.method}"${hint}; A2A v1.0 methods are ${V1_METHODS.join(", ")}` };
  }
  if (version === "0.3" && !isLegacyJsonRpcMethod(envelope.method)) {
    return { ok: false, id, code: A2A_RPC_CODES.methodNotFound, message: `unknown method "${envelope.method}"; A2A v0.3 methods are ${LEGACY_METHODS.join(", ")}` };
  }
  return { ok: true, envelope, version };
}

/** Whether the request sends a message that starts a new task (rather than continuing one). */
export function startsTask(envelope: Envelope): boolean {
  if (!SEND_METHODS.has(envelope.method)) return false;
  const message = envelope.params?.message as Record<string, unknown> | undefined;
  const taskId = message?.taskId ?? message?.task_id;
  return !(typeof taskId === "string" && taskId !== "");
}

export function rpcError(id: string | number | null, code: number, message: string, data?: unknown): Record<string, unknown> {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function sendRpc(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A stream of JSON-RPC responses as server-sent events. The first one is awaited before any
 * header goes out, so an error the stream starts with is a plain JSON answer. A client that
 * hangs up stops the stream (not the task: A2A tasks outlive their streams); a slow one is
 * waited for (`drain`) rather than buffered without bound.
 */
export async function sendStream(res: ServerResponse, stream: AsyncGenerator<unknown, void, undefined>, onError: (error: unknown) => unknown): Promise<void> {
  const iterator = stream[Symbol.asyncIterator]();
  let first: IteratorResult<unknown, void>;
  try {
    first = await iterator.next();
  } catch (error) {
    return sendRpc(res, onError(error));
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
  res.flushHeaders();
  const gone = () => void iterator.return?.(undefined);
  res.once("close", gone);
  try {
    for (let next = first; !next.done; next = await iterator.next()) {
      if (res.destroyed) break;
      if (!res.write(`data: ${JSON.stringify(next.value)}\n\n`)) await Promise.race([once(res, "drain"), once(res, "close")]);
    }
  } catch (error) {
    if (!res.destroyed) res.write(`event: error\ndata: ${JSON.stringify(onError(error))}\n\n`);
  } finally {
    res.off("close", gone);
    if (!res.writableEnded) res.end();
  }
}
