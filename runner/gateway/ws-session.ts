import type { WebSocket } from "ws";
import type { McpUpstream } from "../agent/mcp-upstream.ts";
import type { Message, SessionPort } from "../agent/session-mux.ts";
import { ERROR_CODES, jsonRpcError } from "../protocol/jsonrpc.ts";
import { fromClient } from "./client-messages.ts";
import type { SessionOwner } from "./mcp-session.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { UsageRecorder } from "./usage.ts";

/** Past this many unsent bytes the client is not reading: the socket is closed, not buffered. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface WsSessionHooks {
  onClosed(session: WsSession): void;
  release(upstream: McpUpstream, reason: string): Promise<void>;
  rateLimiter?: RateLimiter;
  rateLimitPerMinute: number;
  usage?: UsageRecorder;
}

/**
 * One MCP session over a WebSocket (subprotocol `mcp`): the socket is the session, so it needs
 * no session id. Messages are handled in order, each counted against the key's rate limit.
 */
export class WsSession {
  private readonly port: SessionPort;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly owner: SessionOwner,
    private readonly upstream: McpUpstream,
    private readonly socket: WebSocket,
    private readonly hooks: WsSessionHooks,
  ) {
    this.port = upstream.mux.attach();
    this.port.onMessage = (message) => this.send(message);
    this.port.onCall = (ms, failed, bytes) => hooks.usage?.record(owner.keyId, ms, failed, bytes);
    socket.on("message", (data, isBinary) => {
      // Chained, so a rate-limit check never lets a later message overtake an earlier one.
      this.queue = this.queue.then(() => this.receive(isBinary ? null : data.toString()));
    });
    socket.on("close", () => void this.close("the client closed the socket"));
    socket.on("error", () => void this.close("the socket failed"));
    upstream.onExit((exit) => {
      void this.close(`upstream ${exit.reason}`);
    });
  }

  async close(reason: string, code = 1000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.detach();
    this.hooks.onClosed(this);
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason.slice(0, 120));
    await this.hooks.release(this.upstream, `session closed: ${reason}`);
  }

  private async receive(text: string | null): Promise<void> {
    if (this.closed) return;
    if (text === null) return this.send(jsonRpcError(null, ERROR_CODES.invalidRequest, "binary frames are not MCP messages: send JSON-RPC as text") as Message);
    let message: Message;
    try {
      message = JSON.parse(text);
    } catch {
      return this.send(jsonRpcError(null, ERROR_CODES.parseError, "the message is not valid JSON") as Message);
    }
    if (Array.isArray(message) || typeof message !== "object" || message === null || message.jsonrpc !== "2.0") {
      return this.send(jsonRpcError(null, ERROR_CODES.invalidRequest, "expected one JSON-RPC 2.0 message object per frame") as Message);
    }
    if (this.hooks.rateLimiter && message.method !== undefined) {
      const rate = await this.hooks.rateLimiter.take(this.owner.keyId, this.hooks.rateLimitPerMinute);
      if (!rate.ok) {
        if (message.id === undefined) return;
        return this.send(jsonRpcError(message.id, ERROR_CODES.refused, `the API key is limited to ${rate.limit} calls a minute; retry in ${rate.retryAfterSeconds} s`, { reason: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds }) as Message);
      }
    }
    const reply = fromClient(message, this.upstream, this.port);
    if (reply) this.send(reply);
  }

  private send(message: Message): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      void this.close("the client does not read its messages", 1013);
      return;
    }
    this.socket.send(JSON.stringify(message));
  }
}
