import type { Socket } from "node:net";
import type { HttpRequestHead } from "../../protocol/http-exchange.ts";
import { FastResponse, type ResponseOwner } from "./fast-response.ts";
import { DEFER, type HeadLimits, NEED_MORE, type RequestHead, parseRequestHead } from "./request-head.ts";

export interface ConnectionHost {
  readonly limits: HeadLimits;
  readonly date: string;
  readonly keepAliveTimeout: number;
  serve(req: HttpRequestHead, res: FastResponse): void;
  /** node:http takes the connection, starting with these bytes (a request the fast path does not serve). */
  handOff(socket: Socket, unread: Buffer | undefined): void;
  closed(connection: FastConnection): void;
}

/** Where a connection is, for the timeouts: waiting between requests, inside a head or a body, or answering. */
export type Phase = "idle" | "head" | "body" | "answering";

/**
 * One client connection on the fast path: requests are read one at a time, each answered before
 * the next is read (a pipelining client waits in the socket's buffer, paused), and the first
 * request the fast path does not serve hands the connection — from that request's first byte —
 * to node:http for the rest of its life.
 */
export class FastConnection implements ResponseOwner {
  /** A new connection is waiting for its first head, as node:http's headersTimeout counts it. */
  phase: Phase = "head";
  /** When the current phase began, for the timeouts (Date.now()). */
  since = Date.now();
  private buffered: Buffer | undefined;
  private response: FastResponse | undefined;
  private readonly onData = (chunk: Buffer) => this.received(chunk);
  private readonly onEnd = () => this.socket.destroy();
  private readonly onClose = () => {
    this.response?.abort();
    this.host.closed(this);
  };

  constructor(
    readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("error", this.onEnd);
    socket.on("close", this.onClose);
  }

  get date(): string {
    return this.host.date;
  }

  get keepAliveSeconds(): number {
    return Math.floor(this.host.keepAliveTimeout / 1000);
  }

  /** Answers `status` (408 for a timeout) and closes, unless a response is under way. */
  refuseAndClose(status: 408, text: string): void {
    if (this.response) return void this.socket.destroy();
    this.socket.end(`HTTP/1.1 ${status} Request Timeout\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    this.socket.destroySoon();
  }

  responseDone(response: FastResponse, reusable: boolean): void {
    if (this.response !== response) return;
    this.response = undefined;
    if (!reusable) return void this.socket.end();
    this.enter(this.buffered ? "head" : "idle");
    if (!this.buffered) return;
    // Not inside the end() that finished this response: its caller may still be at work.
    this.socket.resume();
    queueMicrotask(() => this.next());
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    if (this.response) {
      // A pipelined request: it waits (in the kernel's buffer, past this chunk) for the answer.
      this.socket.pause();
      return;
    }
    this.next();
  }

  private next(): void {
    const buffer = this.buffered;
    if (!buffer || this.response || this.socket.destroyed) return;
    const head = parseRequestHead(buffer, this.host.limits);
    if (head === NEED_MORE) return this.enter("head");
    if (head === DEFER) return this.handOff();
    const end = head.headLength + head.bodyLength;
    if (buffer.length < end) return this.enter("body");
    this.buffered = buffer.length > end ? buffer.subarray(end) : undefined;
    this.answer(head, buffer.subarray(head.headLength, end));
  }

  private answer(head: RequestHead, body: Buffer): void {
    this.enter("answering");
    const response = new FastResponse(this, head.close);
    this.response = response;
    this.host.serve({ method: head.method, url: head.url, headers: head.headers, body }, response);
  }

  private handOff(): void {
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("error", this.onEnd);
    this.socket.off("close", this.onClose);
    this.host.closed(this);
    const unread = this.buffered;
    this.buffered = undefined;
    this.host.handOff(this.socket, unread);
  }

  private enter(phase: Phase): void {
    if (phase === this.phase && phase !== "idle") return;
    this.phase = phase;
    this.since = Date.now();
  }
}
