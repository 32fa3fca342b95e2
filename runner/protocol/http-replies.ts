import { STATUS_CODES } from "node:http";
import type { HttpReply } from "./http-exchange.ts";
import type { Duplex } from "node:stream";
import { ERROR_CODES, type JsonRpcId, jsonRpcError } from "./jsonrpc.ts";

/**
 * Every refusal is a JSON-RPC error body, so MCP clients surface the message, with `reason` a
 * stable machine-readable code and the HTTP status telling proxies what happened.
 */
export function refuse(
  res: HttpReply,
  status: number,
  reason: string,
  message: string,
  options: { id?: JsonRpcId; code?: number; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify(jsonRpcError(options.id ?? null, options.code ?? ERROR_CODES.refused, message, { reason }));
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...options.headers,
  });
  res.end(body);
}

/** The same refusal for a WebSocket upgrade that will not happen: a plain HTTP answer on the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(jsonRpcError(null, ERROR_CODES.refused, message, { reason }));
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}`,
    "content-type: application/json",
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

export function sendJson(res: HttpReply, status: number, value: unknown, contentType = "application/json"): void {
  const body = typeof value === "string" ? value : JSON.stringify(value);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
