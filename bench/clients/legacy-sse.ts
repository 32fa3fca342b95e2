/**
 * A light client for the legacy HTTP+SSE transport (MCP 2024-11-05): GET opens the event stream,
 * whose `endpoint` event names where to POST; every reply comes down the stream, matched by id.
 */
import http from "node:http";
import { type LightSession, RpcSession } from "./rpc-session.ts";
import { sseEvents } from "./sse-events.ts";

export async function openLegacySse(url: string, options: { key?: string; timeoutMs: number; maxSockets?: number }): Promise<LightSession> {
  const rpc = new RpcSession(options.timeoutMs);
  const auth: Record<string, string> = options.key ? { authorization: `Bearer ${options.key}` } : {};
  const { stream, endpoint } = await openStream(url, auth, rpc, options.timeoutMs);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const path = `${endpoint.pathname}${endpoint.search}`;
  const headers = { ...auth, "content-type": "application/json" };

  rpc.send = (message) => {
    const id = message.id;
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    const request = http.request({ agent, host: endpoint.hostname, port: endpoint.port, path, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status >= 300 && id !== undefined) rpc.fail(id, { kind: "error", why: `HTTP ${status}` });
    });
    request.on("error", (error) => id !== undefined && rpc.fail(id, { kind: "error", why: error.message }));
    request.end(body);
  };

  await rpc.initialize();
  return {
    rpc,
    close: async () => {
      stream.destroy();
      agent.destroy();
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
