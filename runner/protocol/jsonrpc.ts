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
