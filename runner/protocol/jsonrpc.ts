/** JSON-RPC 2.0 error codes we send, with the MCP and Switchyard-specific ones named. */
export const ERROR_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** Switchyard: the request was refused before it reached a server (auth, limits, routing). */
  refused: -32001,
  /** Switchyard: the upstream server process went away while the request was in flight. */
  upstreamGone: -32002,
} as const;

export type JsonRpcId = string | number | null;

export interface JsonRpcErrorBody {
  jsonrpc: "2.0";
  id: JsonRpcId;
  error: { code: number; message: string; data?: unknown };
}

export function jsonRpcError(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcErrorBody {
  return data === undefined ? { jsonrpc: "2.0", id, error: { code, message } } : { jsonrpc: "2.0", id, error: { code, message, data } };
}

/** The few fields routing needs; everything else stays opaque. */
export interface MessageHead {
  id?: JsonRpcId;
  method?: string;
  params?: { _meta?: { progressToken?: string | number } };
}

export function isRequest(message: MessageHead): boolean {
  return message.method !== undefined && message.id !== undefined && message.id !== null;
}

export function isResponse(message: MessageHead): boolean {
  return message.method === undefined && message.id !== undefined;
}

/** What is wrong with a value as one JSON-RPC 2.0 message, or undefined when nothing is. */
export function messageProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "each message must be a JSON object";
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0") return `"jsonrpc" must be "2.0"`;
  if ("id" in message && typeof message.id !== "string" && typeof message.id !== "number" && !(message.id === null && "error" in message)) {
    return `"id" must be a string or a number`;
  }
  if ("method" in message) {
    if (typeof message.method !== "string" || message.method === "") return `"method" must be a non-empty string`;
    if ("params" in message && (typeof message.params !== "object" || message.params === null || Array.isArray(message.params))) return `"params" must be an object`;
    return undefined;
  }
  if (!("id" in message) || !("result" in message || "error" in message)) return `a message needs a "method" (request or notification), or an "id" with a "result" or "error" (response)`;
  return undefined;
}
