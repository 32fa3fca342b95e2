import type { Message } from "../../agent/session-mux.ts";
import { ERROR_CODES, jsonRpcError } from "../../protocol/jsonrpc.ts";

/** A server-to-client request as a modern client gets it, inside an input_required result. */
export interface InputRequest {
  method: string;
  params: Record<string, unknown>;
}

/** The `_meta` key 2025 servers use to tie a message to a core task (gone in 2026-07-28). */
const RELATED_TASK_META = "io.modelcontextprotocol/related-task";

/** Key prefixes in `inputRequests`, by method: readable, and unique with the counter after them. */
const KEY_PREFIX: Record<string, string> = { "elicitation/create": "elicitation", "sampling/createMessage": "sampling", "roots/list": "roots" };

export function inputRequestKey(method: string, n: number): string {
  return `${KEY_PREFIX[method] ?? "input"}-${n}`;
}

/** The server's request in 2026-07-28 terms: no core-task fields, no URL elicitation id. */
export function inputRequestOf(message: Message): InputRequest {
  const { task: _task, elicitationId: _elicitationId, _meta, ...params } = message.params ?? {};
  const meta = Object.entries(_meta ?? {}).filter(([key]) => key !== RELATED_TASK_META);
  return { method: message.method!, params: meta.length > 0 ? { ...params, _meta: Object.fromEntries(meta) } : params };
}

/**
 * The client capabilities a server request needs that this request's client did not declare, in
 * `requiredCapabilities` form, or undefined when it can be asked: elicitation in its mode (`{}`
 * is form only), sampling (with tools when the server offers tools), roots.
 */
export function missingCapabilities(message: Message, capabilities: Record<string, unknown>): Record<string, unknown> | undefined {
  if (message.method === "elicitation/create") {
    const mode = message.params?.mode === "url" ? "url" : "form";
    const declared = capabilities.elicitation as Record<string, unknown> | undefined;
    if (declared === undefined) return { elicitation: { [mode]: {} } };
    const modes = Object.keys(declared).length === 0 ? ["form"] : Object.keys(declared);
    return modes.includes(mode) ? undefined : { elicitation: { [mode]: {} } };
  }
  if (message.method === "sampling/createMessage") {
    const sampling = capabilities.sampling as Record<string, unknown> | undefined;
    const withTools = message.params?.tools !== undefined || message.params?.toolChoice !== undefined;
    if (sampling === undefined) return { sampling: withTools ? { tools: {} } : {} };
    return withTools && sampling.tools === undefined ? { sampling: { tools: {} } } : undefined;
  }
  if (message.method === "roots/list") return capabilities.roots === undefined ? { roots: {} } : undefined;
  return undefined;
}

/** Every client capability a 2025 server may ask for: the port takes them all, and each request is checked here. */
export const EVERY_CLIENT_CAPABILITY = { roots: {}, sampling: { tools: {} }, elicitation: { form: {}, url: {} } };

/** What the gateway answers the server in place of a client that cannot be asked (as the session mux does). */
export function answerInstead(message: Message, why: string): Message {
  if (message.method === "roots/list") return { jsonrpc: "2.0", id: message.id, result: { roots: [] } };
  if (message.method === "ping") return { jsonrpc: "2.0", id: message.id, result: {} };
  return jsonRpcError(message.id!, ERROR_CODES.methodNotFound, `this request's client cannot answer ${message.method}: ${why}`) as Message;
}
