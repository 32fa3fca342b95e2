import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** What the console is about to send, as JSON-RPC sees it. */
export type RawMessage =
  | { kind: "request"; id: string | number; method: string; params?: Record<string, unknown> }
  | { kind: "notification"; method: string; params?: Record<string, unknown>; message: JSONRPCMessage }
  | { kind: "response"; id: string | number; message: JSONRPCMessage };

export type Parsed = { ok: true; message: RawMessage } | { ok: false; problem: string };

/**
 * The editor's text as one JSON-RPC 2.0 message, or what is wrong with it, in words. Only the
 * envelope is checked here; whether the method and params make sense is the server's to say
 * (and the schema's, as a warning in the editor), so a user can send what a server should refuse.
 */
export function parseRawMessage(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON: ${(error as Error).message}` };
  }
  if (Array.isArray(value)) return { ok: false, problem: "a batch: send one message at a time (batches were removed in MCP 2025-06-18)" };
  if (typeof value !== "object" || value === null) return { ok: false, problem: "a JSON-RPC message is a JSON object" };
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== "2.0") return { ok: false, problem: 'add "jsonrpc": "2.0"' };
  const hasId = "id" in m;
  if (hasId && typeof m.id !== "string" && !(typeof m.id === "number" && Number.isInteger(m.id))) return { ok: false, problem: "id must be a string or an integer (MCP does not allow null)" };
  if ("params" in m && (typeof m.params !== "object" || m.params === null || Array.isArray(m.params))) return { ok: false, problem: "params must be an object (MCP uses named params)" };
  if (typeof m.method === "string") {
    if (m.method === "") return { ok: false, problem: "method is empty" };
    if ("result" in m || "error" in m) return { ok: false, problem: "a message with a method is a request or notification: remove result/error" };
    const params = m.params as Record<string, unknown> | undefined;
    if (hasId) return { ok: true, message: { kind: "request", id: m.id as string | number, method: m.method, ...(params ? { params } : {}) } };
    return { ok: true, message: { kind: "notification", method: m.method, ...(params ? { params } : {}), message: m as JSONRPCMessage } };
  }
  if ("method" in m) return { ok: false, problem: "method must be a string" };
  if (!hasId) return { ok: false, problem: 'add a "method" (a request or notification) or an "id" with "result" or "error" (a reply)' };
  if ("result" in m === "error" in m) return { ok: false, problem: "a reply has either result or error, not both or neither" };
  if ("error" in m) {
    const error = m.error as { code?: unknown; message?: unknown } | null;
    if (typeof error !== "object" || error === null || !Number.isInteger(error.code) || typeof error.message !== "string") return { ok: false, problem: "error needs an integer code and a message" };
  }
  return { ok: true, message: { kind: "response", id: m.id as string | number, message: m as JSONRPCMessage } };
}
