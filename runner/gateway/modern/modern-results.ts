import type { RawReply } from "../../agent/raw-reply.ts";
import type { Message } from "../../agent/session-mux.ts";
import { ERROR_CODES } from "../../protocol/jsonrpc.ts";
import { CACHEABLE_METHODS, META } from "../../protocol/modern-mcp.ts";

/** A reply ready for a modern client, and the HTTP status it goes with while it is plain JSON. */
export interface ModernAnswer {
  message: Message;
  status: number;
  headers: Record<string, string>;
}

/**
 * A 2025 server's reply to `method`, made a 2026-07-28 one: every result says what kind it is and
 * who answered; cacheable ones say for how long (0: the gateway cannot know) and for whom; error
 * codes that mean something else now, or nothing, are mapped.
 */
export function modernAnswer(method: string, reply: Message, serverInfo: unknown): ModernAnswer {
  if (reply.error !== undefined) return modernError(method, reply);
  return { message: { ...reply, result: modernResult(method, (reply.result ?? {}) as Record<string, unknown>, serverInfo) }, status: 200, headers: {} };
}

const SERVER_INFO_KEY = JSON.stringify(META.serverInfo);

/**
 * modernAnswer's result in the server's own text, where it only adds members: `resultType`, and
 * the server's info in a `_meta` the server did not send (`serverInfoJson`, as JSON). Parsing the
 * reply and writing it out again was ~3.5% of a stateless call's CPU, and its garbage more.
 * Undefined when the answer needs more than that (errors, cacheable results, tools/list, a
 * `_meta` of the server's to merge with) or a member would come twice (a `resultType` of the
 * server's, which a parser keeping the first would read as ours): modernAnswer's to make.
 */
export function modernRawAnswer(method: string, reply: RawReply, serverInfoJson: string | undefined): RawReply | undefined {
  if (reply.isError || changesResult(method)) return undefined;
  if (reply.mentions('"_meta"') || reply.mentions('"resultType"')) return undefined;
  return reply.withResultMembers(serverInfoJson === undefined ? '"resultType":"complete"' : `"resultType":"complete","_meta":{${SERVER_INFO_KEY}:${serverInfoJson}}`);
}

/** Methods whose results modernResult changes beyond adding `resultType` and `_meta`: modernRawAnswer leaves them to it. */
function changesResult(method: string): boolean {
  return CACHEABLE_METHODS.has(method) || method === "tools/list";
}

/** A change made here for a method that changesResult does not name would be skipped by modernRawAnswer. */
export function modernResult(method: string, result: Record<string, unknown>, serverInfo: unknown): Record<string, unknown> {
  const fixed: Record<string, unknown> = { resultType: "complete", ...result };
  if (CACHEABLE_METHODS.has(method)) {
    fixed.ttlMs ??= 0;
    fixed.cacheScope ??= "private";
  }
  if (method === "tools/list" && Array.isArray(result.tools)) fixed.tools = result.tools.map(withoutTaskSupport);
  return withServerInfo(fixed, serverInfo);
}

export function withServerInfo(result: Record<string, unknown>, serverInfo: unknown): Record<string, unknown> {
  if (serverInfo === undefined) return result;
  return { ...result, _meta: { ...(result._meta as Record<string, unknown> | undefined), [META.serverInfo]: serverInfo } };
}

function modernError(method: string, reply: Message): ModernAnswer {
  const error = reply.error as { code: number; message: string; data?: { reason?: string } };
  const code = modernErrorCode(method, error.code);
  const message = { ...reply, error: code === error.code ? error : { ...error, code } };
  if (code === ERROR_CODES.methodNotFound) return { message, status: 404, headers: {} };
  // Overload is an HTTP matter too: proxies and clients know to back off from a 503.
  if (error.data?.reason === "busy") return { message, status: 503, headers: { "retry-after": "1" } };
  return { message, status: 200, headers: {} };
}

/**
 * -32002 is gone in 2026-07-28: from a 2025 server it meant "resource not found" (now -32602),
 * otherwise it is the gateway's own "the process went away". Codes from -32020 down are the
 * spec's, and a 2025 server's use of them means nothing a modern client would understand.
 */
function modernErrorCode(method: string, code: number): number {
  if (code === ERROR_CODES.upstreamGone) return method === "resources/read" ? ERROR_CODES.invalidParams : ERROR_CODES.internalError;
  if (code <= -32020 && code >= -32099) return ERROR_CODES.internalError;
  return code;
}

/** A 2025 tool's `execution.taskSupport` is about core tasks, which 2026-07-28 moved to an extension. */
function withoutTaskSupport(tool: unknown): unknown {
  if (typeof tool !== "object" || tool === null || !("execution" in tool)) return tool;
  const { execution: _execution, ...rest } = tool as Record<string, unknown>;
  return rest;
}
