/**
 * A light client of the stateless 2026-07-28 revision: no initialize and no session. Each request
 * is a POST of its own on a keep-alive HttpPool, carrying the revision and the client's
 * capabilities in `_meta` and its method (and tool name) in headers, as the revision asks.
 */
import { HttpPool } from "./http-pool.ts";
import { type LightSession, RpcSession } from "./rpc-session.ts";
import { deliverResponse, postHeaders } from "./streamable-http.ts";

export const STATELESS_VERSION = "2026-07-28";
const META = { "io.modelcontextprotocol/protocolVersion": STATELESS_VERSION, "io.modelcontextprotocol/clientCapabilities": {} };

export async function openStateless(url: string, options: { key?: string; timeoutMs: number; connections?: number }): Promise<LightSession> {
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  const pool = new HttpPool(target.origin, { connections: options.connections ?? 64 });
  const rpc = new RpcSession(options.timeoutMs);
  rpc.protocolVersion = STATELESS_VERSION;
  const base = `${postHeaders(options.key)}mcp-protocol-version: ${STATELESS_VERSION}\r\n`;
  rpc.send = (message) => {
    const params = (message.params ?? {}) as Record<string, unknown>;
    const headers = `${base}mcp-method: ${message.method}\r\n${typeof params.name === "string" ? `mcp-name: ${params.name}\r\n` : ""}`;
    const body = JSON.stringify({ jsonrpc: "2.0", ...message, params: { ...params, _meta: META } });
    pool.request("POST", path, headers, body, (error, response) => deliverResponse(rpc, message.id, error, response));
  };
  return {
    rpc,
    close: async () => {
      rpc.failAll("client closed");
      await pool.close();
    },
  };
}
