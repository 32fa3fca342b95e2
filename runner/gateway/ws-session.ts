import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { messageText } from "../agent/raw-reply.ts";
import type { Message } from "../agent/session-mux.ts";
import { ERROR_CODES, jsonRpcError } from "../protocol/jsonrpc.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { type QuotaMeter, quotaExceededMessage } from "./quota.ts";
import { type SessionHooks, type SessionOwner, UpstreamSession } from "./upstream-session.ts";

/** Past this many unsent bytes the client is not reading: the socket is closed, not buffered. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Server messages held until the client's initialize is answered; later ones are dropped. */
const MAX_HELD_BEFORE_INITIALIZE = 100;

export interface WsSessionHooks extends SessionHooks<WsSession> {
  rateLimiter?: RateLimiter;
  rateLimitPerMinute: number;
  quotaMeter?: QuotaMeter;
  dailyQuota: number | null;
}

/**
 * One MCP session over a WebSocket (subprotocol `mcp`): the socket is the session, so it needs
 * no session id. Messages are handled in order, each counted against the key's rate limit.
 */
export class WsSession extends UpstreamSession {
  /** Frames waiting behind one that needed the engine; they keep their order. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private corked = false;
  /**
   * The server's own messages (notifications, requests) that came before the client's initialize
   * was answered, sent right after that reply; undefined once they went out. The socket is the
   * session from the upgrade on, so a process that just started (server-everything announces
   * `tools/list_changed`) could otherwise speak before the session's first answer.
   */
  private beforeInitialize: Message[] | undefined = [];

  constructor(
    owner: SessionOwner,
    upstream: UpstreamHandle,
    private readonly socket: WebSocket,
    private readonly limits: WsSessionHooks,
  ) {
    super(owner, upstream, limits);
    this.port.rawReplies = true;
    socket.on("message", (data, isBinary) => this.onFrame(isBinary ? null : data.toString()));
    socket.on("close", () => void this.close("the client closed the socket"));
    socket.on("error", () => void this.close("the socket failed"));
  }

  protected closeTransport(reason: string, code = 1000): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason.slice(0, 120));
  }

  /**
   * Most frames are admitted at once, from the calls this gateway has already reserved for the
   * key; a frame that needs the engine (a new reservation, a daily quota) waits for it, and the
   * frames after it queue behind, so a message never overtakes an earlier one. Skipping the
   * promise chain for the common case saved 2–3 µs of the ~24 µs a call cost the gateway.
   */
  private onFrame(text: string | null): void {
    if (this.closed) return;
    if (this.queued > 0) return this.later(() => this.parse(text));
    const message = this.parse(text);
    if (message === undefined) return;
    if (this.admittedNow(message)) return this.fromClient(message);
    this.later(() => message);
  }

  private later(message: () => Message | undefined): void {
    this.queued++;
    this.queue = this.queue
      .then(async () => {
        const next = message();
        if (next !== undefined && !this.closed && (await this.admit(next))) this.fromClient(next);
      })
      .finally(() => this.queued--);
  }

  /** The frame as one JSON-RPC message, or undefined after telling the client what is wrong with it. */
  private parse(text: string | null): Message | undefined {
    if (text === null) return void this.toClient(jsonRpcError(null, ERROR_CODES.invalidRequest, "binary frames are not MCP messages: send JSON-RPC as text") as Message);
    let message: Message;
    try {
      message = JSON.parse(text);
    } catch {
      return void this.toClient(jsonRpcError(null, ERROR_CODES.parseError, "the message is not valid JSON") as Message);
    }
    if (Array.isArray(message) || typeof message !== "object" || message === null || message.jsonrpc !== "2.0") {
      return void this.toClient(jsonRpcError(null, ERROR_CODES.invalidRequest, "expected one JSON-RPC 2.0 message object per frame") as Message);
    }
    return message;
  }

  /** Replies and notifications of results are not counted; a call is, if a reservation is at hand. */
  private admittedNow(message: Message): boolean {
    if (message.method === undefined) return true;
    if (this.limits.quotaMeter && this.limits.dailyQuota !== null) return false;
    return !this.limits.rateLimiter || this.limits.rateLimiter.takeReserved(this.owner.keyId);
  }

  /** Whether the key's rate limit and daily quota let `message` through; if not, the client is told why. */
  private async admit(message: Message): Promise<boolean> {
    if (message.method === undefined) return true;
    if (this.limits.rateLimiter) {
      const rate = await this.limits.rateLimiter.take(this.owner.keyId, this.limits.rateLimitPerMinute);
      if (!rate.ok) {
        if (message.id !== undefined) this.toClient(jsonRpcError(message.id, ERROR_CODES.refused, `the API key is limited to ${rate.limit} calls a minute; retry in ${rate.retryAfterSeconds} s`, { reason: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds }) as Message);
        return false;
      }
    }
    if (this.limits.quotaMeter && this.limits.dailyQuota !== null) {
      const quota = await this.limits.quotaMeter.take(this.owner.keyId, this.limits.dailyQuota);
      if (!quota.ok) {
        if (message.id !== undefined) this.toClient(jsonRpcError(message.id, ERROR_CODES.refused, quotaExceededMessage(this.owner.keyPrefix, quota), { reason: "quota_exceeded", retryAfterSeconds: quota.retryAfterSeconds }) as Message);
        return false;
      }
    }
    return true;
  }

  protected override fromClient(message: Message): void {
    super.fromClient(message);
    // A ping may come before initialize; any other first message ends the wait (a client that
    // skips initialize still gets its progress and the server's requests).
    if (this.beforeInitialize === undefined || message.method === "ping") return;
    const held = this.beforeInitialize;
    this.beforeInitialize = undefined;
    for (const early of held) this.toClient(early);
  }

  protected toClient(message: Message): void {
    if (this.beforeInitialize !== undefined && message.method !== undefined) {
      if (this.beforeInitialize.length < MAX_HELD_BEFORE_INITIALIZE) this.beforeInitialize.push(message);
      return;
    }
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      void this.close("the client does not read its messages", 1013);
      return;
    }
    this.corkUntilTickEnds();
    this.socket.send(messageText(message));
  }

  /**
   * The replies a server writes together reach the gateway in one stdout read and are sent here
   * one after another; corked, they leave in one write instead of a syscall each (ws writes every
   * frame as soon as it is sent). ws has no cork of its own, so this reaches its net.Socket.
   */
  private corkUntilTickEnds(): void {
    if (this.corked) return;
    const raw = (this.socket as unknown as { _socket?: Socket })._socket;
    if (!raw) return;
    this.corked = true;
    raw.cork();
    process.nextTick(() => {
      this.corked = false;
      raw.uncork();
    });
  }
}
