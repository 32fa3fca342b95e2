import type { HttpReply } from "../../protocol/http-exchange.ts";
import { messageText } from "../../agent/raw-reply.ts";
import type { Message } from "../../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcId, jsonRpcError } from "../../protocol/jsonrpc.ts";
import { SseWriter } from "./sse-writer.ts";

const MAX_BACKLOG = 1000;

export interface ExchangeOptions {
  /** The stream's number within its session: event ids are `<stream>-<seq>`. */
  stream: number;
  requestIds: JsonRpcId[];
  batch: boolean;
  /** What the client's Accept header allows. */
  acceptsJson: boolean;
  acceptsSse: boolean;
  headers: Record<string, string>;
  owner: ExchangeOwner;
}

/**
 * The session an exchange answers for. An interface, not callbacks in ExchangeOptions: the
 * product runs under tsx, whose esbuild keeps function names by wrapping each closure stored under
 * a name in `__name()` (an Object.defineProperty, ~0.27 µs), and two of them per POST were 3% of
 * the gateway's CPU per call.
 */
export interface ExchangeOwner {
  /** Keeps an event of stream `stream` for a client that reconnects with Last-Event-ID. */
  logEvent(stream: number, seq: number, data: string): void;
  /** The client hung up on a JSON answer: the exchange's calls are to be cancelled. */
  hungUp(exchange: PostExchange): void;
}

/**
 * The answer to one POST that carried requests. A plain call is answered with one JSON body,
 * the cheapest reply there is; the first message that has to come before the replies (progress,
 * a server request) turns the answer into an SSE stream, whose events are logged so the client
 * can resume it. Deciding late is why this is hand-written: the SDK's transport opens a stream
 * for every POST, which cost ~10x in calls/s here.
 */
export class PostExchange {
  private readonly waiting: Set<JsonRpcId>;
  private readonly replies: string[] = [];
  private sse: SseWriter | undefined;
  private seq = 0;
  /** Set when a lone call was refused because the server is busy: the answer is then a 503. */
  private overloaded = false;
  /** Every event so far, for a client that loses the stream while the calls go on. */
  private readonly backlog: Array<[number, string]> = [];

  /** Where the replies go; null while the client is away from a stream it may resume. */
  private res: HttpReply | null;

  constructor(
    res: HttpReply,
    private readonly options: ExchangeOptions,
  ) {
    this.res = res;
    this.waiting = new Set(options.requestIds);
    this.watch(res);
    if (!options.acceptsJson) this.startStream();
  }

  get stream(): number {
    return this.options.stream;
  }

  /** The ids of the requests this exchange answers, as the client sent them. */
  get requestIds(): JsonRpcId[] {
    return this.options.requestIds;
  }

  get done(): boolean {
    return this.waiting.size === 0;
  }

  /** A message that belongs on this exchange before its replies. False when it cannot carry it. */
  interim(message: Message): boolean {
    if (this.done) return false;
    if (!this.sse && this.res) {
      if (!this.options.acceptsSse) return false;
      this.startStream();
    }
    this.event(JSON.stringify(message));
    return true;
  }

  reply(message: Message): void {
    if (!this.waiting.delete(message.id ?? null)) return;
    const data = messageText(message);
    this.overloaded = !this.options.batch && (message.error as { data?: { reason?: string } } | undefined)?.data?.reason === "busy";
    if (this.sse || !this.res) this.event(data);
    else this.replies.push(data);
    if (!this.done) return;
    if (this.sse) this.sse.end();
    else if (this.res) this.sendJson();
  }

  /** The session ended under these calls: each still waiting gets this error. */
  abandon(reason: string): void {
    for (const id of [...this.waiting]) this.reply(jsonRpcError(id, ERROR_CODES.upstreamGone, reason) as Message);
  }

  /** A reconnecting client gets the events after `afterSeq`, then the rest of the stream. */
  resume(res: HttpReply, afterSeq: number): void {
    this.watch(res);
    this.res = res;
    this.sse = SseWriter.open(res, this.options.headers);
    for (const [seq, data] of this.backlog) if (seq > afterSeq) this.sse.event(`${this.options.stream}-${seq}`, data);
    if (this.done) this.sse.end();
  }

  /**
   * When the client hangs up before the replies: a stream goes on, logged, to be resumed; a JSON
   * answer cannot be resumed, so its calls are given up. A response that was already replaced by a
   * resumed one (its close can come late) changes nothing.
   */
  private watch(res: HttpReply): void {
    res.once("close", () => {
      if (this.done || this.res !== res) return;
      this.res = null;
      if (this.sse) this.sse = undefined;
      else this.options.owner.hungUp(this);
    });
  }

  private startStream(): void {
    this.sse = SseWriter.open(this.res!, this.options.headers);
  }

  private event(data: string): void {
    const seq = ++this.seq;
    this.options.owner.logEvent(this.options.stream, seq, data);
    if (this.backlog.length < MAX_BACKLOG) this.backlog.push([seq, data]);
    this.sse?.event(`${this.options.stream}-${seq}`, data);
  }

  private sendJson(): void {
    const body = this.options.batch ? `[${this.replies.join(",")}]` : this.replies[0]!;
    const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...this.options.headers };
    // Overload is an HTTP matter too: proxies and clients know to back off from a 503.
    this.res!.writeHead(this.overloaded ? 503 : 200, this.overloaded ? { ...headers, "retry-after": "1" } : headers);
    this.res!.end(body);
  }
}
