import type { HttpReply } from "../../protocol/http-exchange.ts";
import { messageText } from "../../agent/raw-reply.ts";
import { type Message, noHandler } from "../../agent/session-mux.ts";
import { jsonRpcError } from "../../protocol/jsonrpc.ts";
import { EventStream } from "./event-stream.ts";
import type { ModernRefusal } from "./modern-request.ts";

export interface ModernReplyOptions {
  acceptsJson: boolean;
  acceptsSse: boolean;
}

/**
 * The answer to one modern request: one JSON body, unless a progress or log message has to come
 * first, which turns the answer into an SSE stream that ends with it.
 */
export class ModernReply {
  /** The client hung up before the answer: what it asked is to be given up. */
  onHangUp: () => void = noHandler;
  private stream: EventStream | undefined;
  private finished = false;

  constructor(
    private readonly res: HttpReply,
    private readonly options: ModernReplyOptions,
  ) {
    // Watched from the start: a client may leave while its process is still being leased.
    res.once("close", () => {
      if (this.finished) return;
      this.finished = true;
      this.onHangUp();
    });
  }

  get done(): boolean {
    return this.finished;
  }

  /** A message before the answer; dropped for a client that takes JSON only. */
  interim(message: Message): void {
    if (this.finished) return;
    if (!this.stream) {
      if (!this.options.acceptsSse) return;
      this.stream = EventStream.open(this.res);
    }
    this.stream.send(message);
  }

  /** A refusal before anything was sent: plain JSON with its HTTP status, whatever the Accept header. */
  refuse(refusal: ModernRefusal, headers: Record<string, string> = {}): void {
    if (this.finished) return;
    this.finished = true;
    sendRefusal(this.res, refusal, headers);
  }

  /** The answer; its HTTP status counts only while the answer is still plain JSON. */
  finish(message: Message, status = 200, headers: Record<string, string> = {}): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.stream && this.options.acceptsJson) return sendMessage(this.res, status, message, headers);
    this.stream ??= EventStream.open(this.res);
    this.stream.send(message);
    this.stream.end();
  }
}

export function sendMessage(res: HttpReply, status: number, message: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = messageText(message as Message);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendRefusal(res: HttpReply, refusal: ModernRefusal, headers: Record<string, string> = {}): void {
  sendMessage(res, refusal.status, jsonRpcError(refusal.id, refusal.code, refusal.message, refusal.data), headers);
}
