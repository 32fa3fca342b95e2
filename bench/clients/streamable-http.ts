/**
 * A light streamable-HTTP client: node:http with a keep-alive agent, one POST per message, the
 * reply read from the POST's response as `application/json` or as a `text/event-stream` that
 * ends after it. The SDK's client tops out near 3k calls/s here; this one costs little.
 */
import http from "node:http";
import { type LightSession, type Reply, type RpcMessage, RpcSession } from "./rpc-session.ts";
import { sseEvents } from "./sse-events.ts";

export interface StreamableHttpOptions {
  key?: string;
  timeoutMs: number;
  /** Keep-alive sockets for this session; at least the calls it has in flight. */
  maxSockets?: number;
  /** Shared by many sessions instead of one of its own (idle sessions hold no sockets then). */
  agent?: http.Agent;
}

export async function openStreamableHttp(url: string, options: StreamableHttpOptions): Promise<LightSession> {
  const target = new URL(url);
  const agent = options.agent ?? new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const rpc = new RpcSession(options.timeoutMs);
  const base: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  if (options.key) base.authorization = `Bearer ${options.key}`;
  let sessionId: string | undefined;
  let sessionHeaders: Record<string, string> | undefined;
  // Built once, at the first message after initialize: the session id and revision are known then.
  const headers = () => (sessionId === undefined ? base : (sessionHeaders ??= { ...base, "mcp-session-id": sessionId, "mcp-protocol-version": rpc.protocolVersion }));

  const deliver = (id: number | undefined, text: string) => {
    let parsed: RpcMessage | RpcMessage[];
    try {
      parsed = JSON.parse(text);
    } catch {
      if (id !== undefined) rpc.fail(id, { kind: "error", why: `not JSON: ${text.slice(0, 120)}` });
      return;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) rpc.receive(message);
  };

  rpc.send = (message) => {
    const id = message.id;
    const fail = (reply: Reply) => id !== undefined && rpc.fail(id, reply);
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...headers(), "content-length": Buffer.byteLength(body) } }, (res) => {
      sessionId ??= res.headers["mcp-session-id"] as string | undefined;
      res.setEncoding("utf8");
      const status = res.statusCode ?? 0;
      const type = res.headers["content-type"] ?? "";
      let text = "";
      if (status >= 300) {
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => fail({ kind: "error", why: `HTTP ${status}: ${text.slice(0, 200)}` }));
      } else if (type.includes("text/event-stream")) {
        res.on("data", sseEvents((event) => deliver(id, event.data)));
      } else {
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => text && deliver(id, text));
      }
      res.on("close", () => fail({ kind: "lost", why: "the response ended without a reply" }));
    });
    request.on("error", (error) => fail({ kind: "error", why: error.message }));
    request.end(body);
  };

  await rpc.initialize();
  if (sessionId === undefined) throw new Error(`${url}: initialize returned no Mcp-Session-Id`);
  return {
    rpc,
    close: async () => {
      await deleteSession(target, agent, headers(), options.timeoutMs).catch(() => {});
      rpc.failAll("session closed");
      if (!options.agent) agent.destroy();
    },
  };
}

/** DELETE ends the session at once (the gateway's process goes back, supergateway's child stops). */
function deleteSession(target: URL, agent: http.Agent, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: "DELETE", headers, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    request.on("timeout", () => request.destroy(new Error("DELETE timed out")));
    request.on("error", reject);
    request.end();
  });
}
