/**
 * A light client for the legacy HTTP+SSE transport (MCP 2024-11-05): GET opens the event stream,
 * whose `endpoint` event names where to POST (on a keep-alive HttpPool, as the streamable-HTTP
 * client does); every reply comes down the stream, matched by id.
 */
import http from "node:http";
import { HttpPool } from "./http-pool.ts";
import { type LightSession, RpcSession } from "./rpc-session.ts";
import { sseEvents } from "./sse-events.ts";

export async function openLegacySse(url: string, options: { key?: string; timeoutMs: number; connections?: number }): Promise<LightSession> {
  const rpc = new RpcSession(options.timeoutMs);
  const auth: Record<string, string> = options.key ? { authorization: `Bearer ${options.key}` } : {};
  const { stream, endpoint } = await openStream(url, auth, rpc, options.timeoutMs);
  const pool = new HttpPool(endpoint.origin, { connections: options.connections ?? 64 });
  const path = `${endpoint.pathname}${endpoint.search}`;
  const headers = `${options.key ? `authorization: Bearer ${options.key}\r\n` : ""}content-type: application/json\r\n`;

  rpc.send = (message) => {
    const id = message.id;
    pool.request("POST", path, headers, JSON.stringify({ jsonrpc: "2.0", ...message }), (error, response) => {
      const why = error?.message ?? (response && response.status >= 300 ? `HTTP ${response.status}` : undefined);
      if (why !== undefined && id !== undefined) rpc.fail(id, { kind: "error", why });
    });
  };

  await rpc.initialize();
  return {
    rpc,
    close: async () => {
      stream.destroy();
      await pool.close();
      rpc.failAll("session closed");
    },
  };
}

/** The event stream, on a connection of its own, once its `endpoint` event has arrived. */
function openStream(url: string, headers: Record<string, string>, rpc: RpcSession, timeoutMs: number): Promise<{ stream: http.ClientRequest; endpoint: URL }> {
  return new Promise((resolve, reject) => {
    const stream = http.get(url, { agent: false, headers: { ...headers, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${url}: HTTP ${res.statusCode}`));
      }
      res.setEncoding("utf8");
      res.on(
        "data",
        sseEvents((event) => {
          if (event.event === "endpoint") {
            stream.setTimeout(0);
            resolve({ stream, endpoint: new URL(event.data, url) });
          } else if (event.event === "message") {
            try {
              rpc.receive(JSON.parse(event.data));
            } catch {
              rpc.strays++;
            }
          }
        }),
      );
      res.on("close", () => rpc.failAll("the event stream closed"));
    });
    stream.on("error", reject);
    stream.setTimeout(timeoutMs, () => reject(new Error(`${url}: no endpoint event within ${timeoutMs / 1000} s`)));
  });
}
