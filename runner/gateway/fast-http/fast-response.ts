import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { HttpReply } from "../../protocol/http-exchange.ts";

// A CR or LF in a header value would let a value write headers of its own (response splitting).
const UNSAFE_VALUE = /[\r\n]/;

export interface ResponseOwner {
  readonly socket: Socket;
  /** The Date header's value, refreshed once a second. */
  readonly date: string;
  /** How long an idle connection is kept, told to clients so that they do not reuse a closing one. */
  readonly keepAliveSeconds: number;
  /** The response is complete (or can never be): the connection may take its next request. */
  responseDone(response: FastResponse, reusable: boolean): void;
}

/**
 * One response of the fast path, with what the MCP endpoints use of node:http's ServerResponse
 * (HttpReply). A JSON answer is one write of head and body; a stream (SSE) is chunked.
 */
export class FastResponse implements HttpReply {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  private headers: Record<string, string | number> | undefined;
  private chunked = false;
  private closeListeners: Array<() => void> | undefined;
  private finishListeners: Array<() => void> | undefined;

  constructor(
    private readonly owner: ResponseOwner,
    /** The client asked to close the connection after this response. */
    private readonly closeAfter: boolean,
  ) {}

  writeHead(status: number, headers?: Record<string, string | number>): this {
    if (this.headersSent) throw new Error("writeHead after the head was sent");
    this.statusCode = status;
    this.headers = headers;
    return this;
  }

  flushHeaders(): void {
    if (!this.headersSent && !this.destroyed) this.owner.socket.write(this.head(undefined));
  }

  write(chunk: string): boolean {
    if (this.writableEnded || this.destroyed) return false;
    const prefix = this.headersSent ? "" : this.head(undefined);
    if (!this.chunked) return this.owner.socket.write(prefix + chunk);
    return this.owner.socket.write(`${prefix}${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
  }

  end(chunk?: string): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    if (this.destroyed) return this;
    const body = chunk ?? "";
    if (!this.headersSent) this.owner.socket.write(this.head(Buffer.byteLength(body)) + body);
    else if (this.chunked) this.owner.socket.write(body === "" ? "0\r\n\r\n" : `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    else if (body !== "") this.owner.socket.write(body);
    emit(this.finishListeners);
    this.finished(true);
    return this;
  }

  once(event: "close" | "finish", listener: () => void): this {
    if (event === "close") (this.closeListeners ??= []).push(listener);
    else (this.finishListeners ??= []).push(listener);
    return this;
  }

  on(event: "close", listener: () => void): this {
    return this.once(event, listener);
  }

  /** The client went away before the end: the response is over, unfinished. */
  abort(): void {
    if (this.writableEnded || this.destroyed) return;
    this.destroyed = true;
    this.finished(false);
  }

  private finished(reusable: boolean): void {
    emit(this.closeListeners);
    this.closeListeners = undefined;
    this.finishListeners = undefined;
    this.owner.responseDone(this, reusable && !this.closeAfter);
  }

  /** The head; without `contentLength` the body is chunked (an SSE stream, say). */
  private head(contentLength: number | undefined): string {
    this.headersSent = true;
    let head = `HTTP/1.1 ${this.statusCode} ${STATUS_CODES[this.statusCode] ?? ""}\r\ndate: ${this.owner.date}\r\n`;
    let lengthSet = false;
    for (const name in this.headers) {
      const value = String(this.headers[name]);
      if (UNSAFE_VALUE.test(value)) throw new Error(`the header ${name} has a line break in its value`);
      if (name === "content-length") lengthSet = true;
      head += `${name}: ${value}\r\n`;
    }
    if (!lengthSet) {
      if (contentLength === undefined) {
        this.chunked = true;
        head += "transfer-encoding: chunked\r\n";
      } else {
        head += `content-length: ${contentLength}\r\n`;
      }
    }
    return `${head}${this.closeAfter ? "connection: close" : `connection: keep-alive\r\nkeep-alive: timeout=${this.owner.keepAliveSeconds}`}\r\n\r\n`;
  }
}

function emit(listeners: Array<() => void> | undefined): void {
  if (listeners) for (const listener of listeners) listener();
}
