import type { ProxyFailure } from "./proxy-contract.ts";

/**
 * The bench's WebSocket proxy, shared by the browser (session/websocket-tunnel.ts) and the server
 * (ws-proxy.ts). A browser's WebSocket cannot set headers, so the target and its headers go in
 * the first frame instead of the URL (where a token would end up in logs): the page opens
 * WS_PROXY_PATH (subprotocol mcp, with its session cookie and Origin), sends a "connect" frame,
 * and gets "ready" once the proxy has opened the target, or "failure" with the step that failed.
 * After "ready" every frame is the target's or the page's own, passed on as it is.
 */
export const WS_PROXY_PATH = "/api/bench/ws";
export const WS_SUBPROTOCOL = "mcp";

export interface ConnectFrame {
  bench: "connect";
  target: string;
  headers: Record<string, string>;
}

export type ProxyReply = { bench: "ready"; address: string } | ({ bench: "failure" } & ProxyFailure);
