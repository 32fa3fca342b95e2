import type { IncomingMessage } from "node:http";
import net, { type LookupFunction } from "node:net";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { refuseUpgrade } from "../../../runner/protocol/http-replies.ts";
import type { ConsoleAuth } from "../../trpc/console-auth.ts";
import { forwardedHeaders } from "./forward-headers.ts";
import type { ProxyFailure } from "./proxy-contract.ts";
import { type TargetPolicy, checkTarget, parseTarget } from "./target-policy.ts";
import { networkFailure } from "./upstream-request.ts";
import { type ProxyReply, WS_SUBPROTOCOL } from "./ws-proxy-contract.ts";

export interface WsProxyOptions {
  /** The console's checks (session token, Origin, Host) on the upgrade request. */
  authenticate: (headers: Headers) => ConsoleAuth;
  policy: () => TargetPolicy;
  connectTimeoutMs?: number;
  /** How long the page has to send its connect frame. */
  firstFrameMs?: number;
  maxPayloadBytes?: number;
}

const connectFrame = z.object({
  bench: z.literal("connect"),
  target: z.string().max(4096),
  headers: z.record(z.string(), z.string()),
});

/**
 * The bench's WebSocket proxy (contract in ws-proxy-contract.ts): only for the signed-in
 * console, and only from our own page (a WebSocket upgrade always carries Origin, so one without
 * is refused). The target gets the same checks as the HTTP proxy — its address resolved, checked
 * against the mode's rules and pinned — and only the headers the page gave. Redirects of the
 * handshake are not followed.
 */
export function createWsProxy(options: WsProxyOptions) {
  const { connectTimeoutMs = 10_000, firstFrameMs = 10_000, maxPayloadBytes = 16 * 1024 * 1024 } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes, handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false) });
  const open = new Set<WebSocket>();

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    if (!headers.get("origin")) return refuseUpgrade(socket, 403, "origin", "the bench's WebSocket proxy only serves the console page (no Origin header)");
    const auth = options.authenticate(headers);
    if (!auth.ok) return refuseUpgrade(socket, 401, "session", auth.message);
    const offered = String(req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    if (!offered.includes(WS_SUBPROTOCOL)) return refuseUpgrade(socket, 400, "subprotocol", `ask for the WebSocket subprotocol ${WS_SUBPROTOCOL}`);
    wss.handleUpgrade(req, socket, head, (page) => {
      open.add(page);
      page.once("close", () => open.delete(page));
      void relay(page);
    });
  };

  const relay = async (page: WebSocket): Promise<void> => {
    const fail = (failure: ProxyFailure) => {
      const reply: ProxyReply = { bench: "failure", ...failure };
      page.send(JSON.stringify(reply), () => page.close(1011, failure.step));
    };
    const frame = await firstFrame(page, firstFrameMs);
    if (!frame.ok) return fail(frame.failure);
    if (!/^wss?:\/\//i.test(frame.value.target)) return fail({ step: "request", message: "the target is not a ws:// or wss:// URL", hint: "enter the server's ws:// or wss:// URL" });
    // The address rules are the HTTP proxy's: ws and wss are http and https once upgraded.
    const target = parseTarget(frame.value.target.replace(/^ws/i, "http"));
    if (!target.ok) return fail(target.failure);
    const forwarded = forwardedHeaders(encodeURIComponent(JSON.stringify(frame.value.headers)), false);
    if (!forwarded.ok) return fail(forwarded.failure);
    const checked = await checkTarget(target.url, options.policy());
    if (!checked.ok) return fail(checked.failure);
    const upstream = await connectUpstream(new URL(frame.value.target), checked.addresses, forwarded.headers, connectTimeoutMs, maxPayloadBytes);
    if (!upstream.ok) return fail(upstream.failure);
    const { socket: server, address } = upstream;
    if (page.readyState !== WebSocket.OPEN) return void server.close(1001);
    const ready: ProxyReply = { bench: "ready", address };
    page.send(JSON.stringify(ready));
    page.on("message", (data: RawData, binary) => server.send(data, { binary }));
    server.on("message", (data: RawData, binary) => page.send(data, { binary }));
    page.on("close", (code) => server.close(closable(code)));
    server.on("close", (code, reason) => page.close(closable(code), reason));
    page.on("error", () => server.terminate());
    server.on("error", () => page.terminate());
  };

  return {
    handleUpgrade,
    close: () => {
      for (const socket of open) socket.terminate();
      wss.close();
    },
  };
}

/** Codes a peer may not send (1005, 1006, 1015) become a normal close. */
function closable(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) || (code >= 1001 && code <= 1014 && code !== 1005 && code !== 1006) ? code : 1000;
}

function firstFrame(page: WebSocket, timeoutMs: number): Promise<{ ok: true; value: z.infer<typeof connectFrame> } | { ok: false; failure: ProxyFailure }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, failure: { step: "request", message: `no connect frame within ${timeoutMs / 1000} s`, hint: "connect from the bench page" } }), timeoutMs);
    page.once("message", (data) => {
      clearTimeout(timer);
      let parsed: ReturnType<typeof connectFrame.safeParse>;
      try {
        parsed = connectFrame.safeParse(JSON.parse(String(data)));
      } catch {
        return resolve({ ok: false, failure: { step: "request", message: "the first frame is not JSON", hint: "connect from the bench page" } });
      }
      if (!parsed.success) return resolve({ ok: false, failure: { step: "request", message: `the connect frame is invalid: ${parsed.error.issues[0]!.path.join(".") || "frame"}: ${parsed.error.issues[0]!.message}`, hint: "connect from the bench page" } });
      resolve({ ok: true, value: parsed.data });
    });
  });
}

type Upstream = { ok: true; socket: WebSocket; address: string } | { ok: false; failure: ProxyFailure };

/** Opens the target's WebSocket at the checked addresses only (the lookup hook answers with them). */
function connectUpstream(url: URL, addresses: string[], headers: Record<string, string>, timeoutMs: number, maxPayload: number): Promise<Upstream> {
  const pinned: LookupFunction = (_host, options, callback) => {
    const entries = addresses.map((address) => ({ address, family: net.isIP(address) }));
    if ((options as { all?: boolean }).all) (callback as (err: null, all: typeof entries) => void)(null, entries);
    else callback(null, entries[0]!.address, entries[0]!.family);
  };
  return new Promise((resolve) => {
    const socket = new WebSocket(url, WS_SUBPROTOCOL, { headers, lookup: pinned, handshakeTimeout: timeoutMs, followRedirects: false, maxPayload, perMessageDeflate: true });
    let address = addresses[0] ?? url.hostname;
    const httpUrl = new URL(url.href.replace(/^ws/i, "http"));
    socket.once("upgrade", (response) => (address = response.socket.remoteAddress ?? address));
    socket.once("open", () => {
      if (socket.protocol !== WS_SUBPROTOCOL) {
        socket.close(1002);
        return resolve({ ok: false, failure: { step: "http", message: `${url.host} accepted the WebSocket without the ${WS_SUBPROTOCOL} subprotocol`, hint: "the URL may not be an MCP WebSocket endpoint" } });
      }
      resolve({ ok: true, socket, address });
    });
    socket.once("unexpected-response", (_req, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body = (body + chunk).slice(0, 500)));
      response.on("end", () => {
        socket.terminate();
        const status = response.statusCode ?? 0;
        resolve({
          ok: false,
          failure: {
            step: "http",
            message: `${url.host} answered the WebSocket handshake with HTTP ${status}${body ? `: ${body.trim()}` : ""}`,
            hint: status === 401 || status === 403 ? "check the bearer token or headers" : status === 404 ? "check the URL's path" : "check that the URL is an MCP WebSocket endpoint",
          },
        });
      });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const code = error.message.includes("Opening handshake has timed out") ? "BENCH_CONNECT_TIMEOUT" : error.code;
      resolve({ ok: false, failure: networkFailure(Object.assign(error, { code }), httpUrl, address, false, timeoutMs) });
    });
  });
}
