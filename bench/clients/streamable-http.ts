/**
 * A light streamable-HTTP client: one POST per message on a keep-alive HttpPool, the reply read
 * from the POST's response as `application/json` or as a `text/event-stream` that ends after it
 * (the SDK's client tops out near 3k calls/s here).
 */
import { HttpPool, type HttpResponse } from "./http-pool.ts";
import { type LightSession, type RpcMessage, RpcSession } from "./rpc-session.ts";
import { sseEvents } from "./sse-events.ts";

export interface StreamableHttpOptions {
  key?: string;
  timeoutMs: number;
  /** Keep-alive connections for this session; at least the calls it has in flight. */
  connections?: number;
  /** Shared by many sessions instead of a pool of its own. */
  pool?: HttpPool;
}

export async function openStreamableHttp(url: string, options: StreamableHttpOptions): Promise<LightSession> {
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  const pool = options.pool ?? new HttpPool(target.origin, { connections: options.connections ?? 64 });
  const rpc = new RpcSession(options.timeoutMs);
  const base = postHeaders(options.key);
  let sessionId: string | undefined;
  let sessionHeaders: string | undefined;
  // Built once, at the first message after initialize: the session id and revision are known then.
  const headers = () => (sessionId === undefined ? base : (sessionHeaders ??= `${base}mcp-session-id: ${sessionId}\r\nmcp-protocol-version: ${rpc.protocolVersion}\r\n`));

  const answered = (id: number | undefined) => (error: Error | undefined, response?: HttpResponse) => {
    if (response) sessionId ??= response.headers["mcp-session-id"];
    deliverResponse(rpc, id, error, response);
  };

  rpc.send = (message) => pool.request("POST", path, headers(), JSON.stringify({ jsonrpc: "2.0", ...message }), answered(message.id));

  await rpc.initialize();
  if (sessionId === undefined) throw new Error(`${url}: initialize returned no Mcp-Session-Id`);
  return {
    rpc,
    close: async () => {
      // DELETE ends the session at once (the gateway's process goes back, supergateway's child stops).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.timeoutMs);
        pool.request("DELETE", path, headers(), undefined, () => resolve(clearTimeout(timer)));
      });
      rpc.failAll("session closed");
      if (!options.pool) await pool.close();
    },
  };
}

/** The header lines of every MCP POST over streamable HTTP: a JSON body, a JSON or SSE answer, the key if any. */
export function postHeaders(key: string | undefined): string {
  return `content-type: application/json\r\naccept: application/json, text/event-stream\r\n${key ? `authorization: Bearer ${key}\r\n` : ""}`;
}

/** Hands `rpc` the reply to message `id` from a POST's response: JSON, or events of a stream that ends after it. */
export function deliverResponse(rpc: RpcSession, id: number | undefined, error: Error | undefined, response: HttpResponse | undefined): void {
  if (error || !response) return void (id !== undefined && rpc.fail(id, { kind: "error", why: error?.message ?? "no response" }));
  if (response.status >= 300) return void (id !== undefined && rpc.fail(id, { kind: "error", why: `HTTP ${response.status}: ${response.body.slice(0, 200)}` }));
  const deliver = (text: string) => {
    let parsed: RpcMessage | RpcMessage[];
    try {
      parsed = JSON.parse(text);
    } catch {
      if (id !== undefined) rpc.fail(id, { kind: "error", why: `not JSON: ${text.slice(0, 120)}` });
      return;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) rpc.receive(message);
  };
  if (response.headers["content-type"]?.includes("text/event-stream")) sseEvents((event) => deliver(event.data))(`${response.body}\n\n`);
  else if (response.body) deliver(response.body);
  if (id !== undefined) rpc.fail(id, { kind: "lost", why: "the response ended without a reply" });
}
