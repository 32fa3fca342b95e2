/**
 * A light streamable-HTTP client: one POST per message on undici's keep-alive pool, the reply
 * read from the POST's response as `application/json` or as a `text/event-stream` that ends
 * after it. node:http's client cost the bench ~100 µs of CPU per call on a 2-core machine (more
 * than the gateway it measured), undici's about a third of that; the SDK's client tops out near
 * 3k calls/s here.
 */
import { type Dispatcher, Pool } from "undici";
import { type LightSession, type Reply, type RpcMessage, RpcSession } from "./rpc-session.ts";
import { sseEvents } from "./sse-events.ts";

export interface StreamableHttpOptions {
  key?: string;
  timeoutMs: number;
  /** Keep-alive connections for this session; at least the calls it has in flight. */
  connections?: number;
  /** Shared by many sessions instead of a pool of its own. */
  dispatcher?: Dispatcher;
  /** Close the connection after each exchange (idle sessions then hold no socket). */
  noKeepAlive?: boolean;
}

export async function openStreamableHttp(url: string, options: StreamableHttpOptions): Promise<LightSession> {
  const target = new URL(url);
  const dispatcher = options.dispatcher ?? new Pool(target.origin, { connections: options.connections ?? 64, pipelining: 1 });
  const rpc = new RpcSession(options.timeoutMs);
  const base: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  if (options.key) base.authorization = `Bearer ${options.key}`;
  if (options.noKeepAlive) base.connection = "close";
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

  /** The reply to message `id`, from the POST's response: JSON, or events of a stream that ends after it. */
  const handler = (id: number | undefined): Dispatcher.DispatchHandlers => {
    let status = 0;
    let stream: ((chunk: string) => void) | undefined;
    let text = "";
    return {
      onConnect: () => {},
      onHeaders: (statusCode, rawHeaders) => {
        status = statusCode;
        for (let i = 0; i < rawHeaders.length; i += 2) {
          const name = rawHeaders[i]!.toString("latin1").toLowerCase();
          if (name === "mcp-session-id") sessionId ??= rawHeaders[i + 1]!.toString("latin1");
          else if (name === "content-type" && status < 300 && rawHeaders[i + 1]!.includes("text/event-stream")) stream = sseEvents((event) => deliver(id, event.data));
        }
        return true;
      },
      onData: (chunk) => {
        if (stream) stream(chunk.toString("utf8"));
        else text += chunk.toString("utf8");
        return true;
      },
      onComplete: () => {
        if (status >= 300) {
          if (id !== undefined) rpc.fail(id, { kind: "error", why: `HTTP ${status}: ${text.slice(0, 200)}` });
        } else if (text) {
          deliver(id, text);
        }
        if (id !== undefined) rpc.fail(id, { kind: "lost", why: "the response ended without a reply" });
      },
      onError: (error) => id !== undefined && rpc.fail(id, { kind: "error", why: error.message }),
    };
  };

  rpc.send = (message) => {
    const id = message.id;
    // dispatch(), not request(): handler callbacks instead of a body stream and promises per call.
    dispatcher.dispatch({ origin: target.origin, path: target.pathname, method: "POST", headers: headers(), body: JSON.stringify({ jsonrpc: "2.0", ...message }), reset: options.noKeepAlive }, handler(id));
  };

  await rpc.initialize();
  if (sessionId === undefined) throw new Error(`${url}: initialize returned no Mcp-Session-Id`);
  return {
    rpc,
    close: async () => {
      // DELETE ends the session at once (the gateway's process goes back, supergateway's child stops).
      await dispatcher
        .request({ origin: target.origin, path: target.pathname, method: "DELETE", headers: headers(), reset: options.noKeepAlive, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs })
        .then((res) => res.body.dump())
        .catch(() => {});
      rpc.failAll("session closed");
      if (!options.dispatcher) await dispatcher.close();
    },
  };
}
