import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { type ConnectFrame, type ProxyReply, WS_PROXY_PATH, WS_SUBPROTOCOL } from "../proxy/ws-proxy-contract.ts";
import { ProxyStepError } from "./tunnel-fetch.ts";

/** The parts of the WebSocket API used here: the browser's, or `ws` in tests. */
export type WebSocketLike = Pick<WebSocket, "send" | "close" | "readyState" | "protocol"> & {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
};
export type WebSocketFactory = (url: string, protocol: string) => WebSocketLike;

/**
 * An MCP client transport over WebSocket (subprotocol `mcp`, as the gateway's /ws/<deployment>),
 * through the bench's WebSocket proxy. The SDK's WebSocketClientTransport asks for `mcp` too, but
 * connects straight to the URL and cannot send headers, so it could neither reach the proxy's
 * checks nor carry a bearer token: this one sends the target and headers in a first frame.
 */
export class WebSocketTunnelTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The address the proxy connected to, once ready. */
  address: string | undefined;
  private socket: WebSocketLike | undefined;

  constructor(
    private readonly target: URL,
    private readonly headers: Record<string, string>,
    private readonly options: { proxyUrl?: string; open?: WebSocketFactory } = {},
  ) {}

  start(): Promise<void> {
    if (this.socket) throw new Error("WebSocketTunnelTransport already started");
    const proxyUrl = this.options.proxyUrl ?? `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${WS_PROXY_PATH}`;
    const open = this.options.open ?? ((url, protocol) => new WebSocket(url, protocol) as unknown as WebSocketLike);
    const socket = open(proxyUrl, WS_SUBPROTOCOL);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      let ready = false;
      socket.onopen = () => {
        const frame: ConnectFrame = { bench: "connect", target: this.target.href, headers: this.headers };
        socket.send(JSON.stringify(frame));
      };
      socket.onmessage = (event) => {
        let value: unknown;
        try {
          value = JSON.parse(String(event.data));
        } catch (error) {
          this.onerror?.(new Error(`the server sent a frame that is not JSON: ${String(event.data).slice(0, 200)}`, { cause: error }));
          return;
        }
        if (!ready) {
          const reply = value as ProxyReply;
          if (reply.bench === "ready") {
            ready = true;
            this.address = reply.address;
            resolve();
          } else {
            const { bench: _, ...failure } = reply;
            reject(new ProxyStepError(failure));
          }
          return;
        }
        const parsed = JSONRPCMessageSchema.safeParse(value);
        if (parsed.success) this.onmessage?.(parsed.data);
        else this.onerror?.(new Error(`the server sent a frame that is not a JSON-RPC message: ${String(event.data).slice(0, 200)}`));
      };
      socket.onerror = () => {
        const error = new Error(ready ? "the WebSocket connection failed" : "could not open the bench's WebSocket proxy");
        if (!ready) reject(error);
        else this.onerror?.(error);
      };
      socket.onclose = (event) => {
        if (!ready) reject(new Error(`the bench's WebSocket proxy closed the connection (${event.code}${event.reason ? `: ${event.reason}` : ""})`));
        this.onclose?.();
      };
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.socket || this.socket.readyState !== 1) throw new Error("the WebSocket is not open");
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.socket?.close(1000);
  }
}
