import { randomBytes } from "node:crypto";
import type { HttpReply, HttpRequestHead } from "../protocol/http-exchange.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import type { Message } from "../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcId, isRequest, messageProblem } from "../protocol/jsonrpc.ts";
import { allowsBatches } from "../protocol/mcp-versions.ts";
import { initializeTerms } from "./client-messages.ts";
import { refuse } from "../protocol/http-replies.ts";
import { type EventLog, parseEventId } from "./streamable/event-log.ts";
import { PostExchange } from "./streamable/post-exchange.ts";
import { SseWriter } from "./streamable/sse-writer.ts";
import { type SessionHooks, type SessionOwner, UpstreamSession } from "./upstream-session.ts";

export type { SessionOwner } from "./upstream-session.ts";

export interface McpSessionHooks extends SessionHooks<McpSession> {
  events: EventLog;
}

/** A session another gateway opened (or this one, before a restart), going on here. */
export interface RestoredSession {
  id: string;
  protocolVersion: string;
  capabilities: Record<string, unknown>;
}

/** The GET stream's number; each POST that is answered with a stream gets the next one from 1. */
const STANDALONE = 0;
/** Messages for a client with no open GET stream are held until it opens one, up to this many. */
const MAX_UNDELIVERED = 100;

/**
 * One streamable-HTTP MCP session (revisions 2024-11-05 to 2025-11-25) on a process leased from a
 * warm pool: POST carries client messages and is answered with JSON or SSE (see PostExchange),
 * GET opens the stream for what the server says outside any call, DELETE ends the session. Every
 * SSE event has an id, and a client that reconnects with Last-Event-ID gets what it missed.
 */
export class McpSession extends UpstreamSession {
  readonly id: string;
  lastActive = Date.now();
  /** The revision negotiated by initialize; undefined until then. */
  protocolVersion: string | undefined;
  /** What the client declared it can do, at initialize. */
  capabilities: Record<string, unknown> = {};
  private nextStream = STANDALONE + 1;
  /** Client request id → the POST exchange its reply goes to. */
  private readonly calls = new Map<JsonRpcId, PostExchange>();
  /** Live exchanges by stream number, for a client that resumes one. */
  private readonly exchanges = new Map<number, PostExchange>();
  /** progressToken → client request id, so progress goes to the stream of its call. */
  private readonly progressTokens = new Map<string | number, JsonRpcId>();
  private standalone: SseWriter | undefined;
  private standaloneSeq = 0;
  /** Events of a standalone stream being resumed, held back until the replay is written. */
  private replaying: Array<[number, string]> | undefined;
  private readonly undelivered: Array<[number, string]> = [];
  /** The headers of every answer and stream of this session; built once, the id being fixed. */
  private readonly replyHeaders: Record<string, string>;

  constructor(
    owner: SessionOwner,
    upstream: UpstreamHandle,
    private readonly sessionHooks: McpSessionHooks,
    restored?: RestoredSession,
  ) {
    super(owner, upstream, sessionHooks);
    // Replies are written out by PostExchange with messageText.
    this.port.rawReplies = true;
    // 192 bits from the CSPRNG: session ids are unguessable, and bound to the key besides.
    this.id = restored?.id ?? randomBytes(24).toString("base64url");
    this.replyHeaders = { "mcp-session-id": this.id };
    if (restored) {
      this.protocolVersion = restored.protocolVersion;
      this.capabilities = restored.capabilities;
      this.port.declareCapabilities(restored.capabilities);
    }
  }

  /** This gateway lets the session go (shutting down, or the client moved on) but keeps its process. */
  suspend(reason: string): Promise<void> {
    return this.end("suspended", reason);
  }

  async handle(req: HttpRequestHead, res: HttpReply, body?: unknown): Promise<void> {
    this.lastActive = Date.now();
    if (req.method === "POST") return this.post(req, res, body);
    if (req.method === "GET") return this.get(req, res);
    if (req.method === "DELETE") {
      await this.close("the client ended the session");
      res.writeHead(200, { "content-length": 0 }).end();
      return;
    }
    refuse(res, 405, "method", `${req.method} is not an MCP method here: use POST, GET or DELETE`, { headers: { allow: "GET, POST, DELETE" } });
  }

  private post(req: HttpRequestHead, res: HttpReply, body: unknown): void {
    const batch = Array.isArray(body);
    const messages = (batch ? body : [body]) as Message[];
    const invalid = this.invalidPost(req, messages, batch);
    if (invalid) return refuse(res, 400, "invalid_request", invalid.message, { id: invalid.id, code: ERROR_CODES.invalidRequest });
    const requests = messages.filter(isRequest);
    if (requests.length === 0) {
      for (const message of messages) this.fromClient(message);
      res.writeHead(202, { "mcp-session-id": this.id, "content-length": 0 }).end();
      return;
    }
    const accept = req.headers.accept ?? "*/*";
    const acceptsJson = accept.includes("application/json") || accept.includes("*/*");
    const acceptsSse = accept.includes("text/event-stream") || accept.includes("*/*");
    if (!acceptsJson && !acceptsSse) {
      return refuse(res, 406, "not_acceptable", "accept application/json or text/event-stream (send Accept: application/json, text/event-stream)");
    }
    const stream = this.nextStream++;
    const ids = requests.map((request) => request.id!);
    const exchange = new PostExchange(res, {
      stream,
      requestIds: ids,
      batch,
      acceptsJson,
      acceptsSse,
      headers: this.replyHeaders,
      owner: this,
    });
    this.exchanges.set(stream, exchange);
    // `ids` are read before forwarding, which rewrites each request's id in place to the process's own.
    for (const request of requests) {
      this.calls.set(request.id!, exchange);
      const token = request.params?._meta?.progressToken;
      if (typeof token === "string" || typeof token === "number") this.progressTokens.set(token, request.id!);
    }
    for (const message of messages) {
      if (message.method === "initialize") {
        const terms = initializeTerms(message);
        this.protocolVersion = terms.protocolVersion;
        this.capabilities = terms.capabilities;
      }
      this.fromClient(message);
    }
  }

  /** Why a POST cannot be taken as it is (nothing of it is sent on then), or undefined. */
  private invalidPost(req: HttpRequestHead, messages: Message[], batch: boolean): { message: string; id?: JsonRpcId } | undefined {
    if (batch && messages.length === 0) return { message: "an empty JSON-RPC batch: send at least one message" };
    if (batch && this.protocolVersion !== undefined && !allowsBatches(this.protocolVersion)) {
      return { message: `JSON-RPC batches were removed in MCP 2025-06-18 and this session runs ${this.protocolVersion}: send one message per POST` };
    }
    const header = req.headers["mcp-protocol-version"];
    if (typeof header === "string" && this.protocolVersion !== undefined && header !== this.protocolVersion) {
      return { message: `MCP-Protocol-Version ${header} is not this session's revision: it negotiated ${this.protocolVersion}` };
    }
    for (const [index, message] of messages.entries()) {
      const problem = messageProblem(message);
      const where = batch ? `message ${index} of the batch: ` : "";
      if (problem) return { message: `${where}${problem}`, id: (message as { id?: JsonRpcId } | null)?.id ?? null };
      if (message.method === "initialize" && this.protocolVersion !== undefined) return { message: `${where}this session is initialized already`, id: message.id };
      if (isRequest(message) && this.calls.has(message.id!)) return { message: `${where}request id ${JSON.stringify(message.id)} is still in flight on this session`, id: message.id };
    }
    if (this.protocolVersion === undefined && !(messages[0]?.method === "initialize" && isRequest(messages[0]))) return { message: "the first request of a session must be initialize" };
    return undefined;
  }

  logEvent(stream: number, seq: number, data: string): void {
    this.sessionHooks.events.append(this.id, stream, seq, data);
  }

  /** The client hung up on a JSON answer, which cannot be resumed: its calls are cancelled. */
  hungUp(exchange: PostExchange): void {
    this.exchanges.delete(exchange.stream);
    for (const id of exchange.requestIds) {
      if (this.calls.get(id) !== exchange) continue;
      this.forgetCall(id);
      this.port.cancel(id, "the client disconnected");
    }
  }

  private async get(req: HttpRequestHead, res: HttpReply): Promise<void> {
    const accept = req.headers.accept ?? "*/*";
    if (!accept.includes("text/event-stream") && !accept.includes("*/*")) {
      return refuse(res, 406, "not_acceptable", "a GET opens an event stream: send Accept: text/event-stream");
    }
    const lastEventId = req.headers["last-event-id"];
    const resumeFrom = parseEventId(typeof lastEventId === "string" ? lastEventId : undefined);
    if (typeof lastEventId === "string" && !resumeFrom) {
      return refuse(res, 400, "bad_event_id", `Last-Event-ID ${JSON.stringify(lastEventId.slice(0, 40))} is not an event id of this gateway (they look like 3-17)`);
    }
    if (resumeFrom && resumeFrom.stream !== STANDALONE) return this.resumeExchange(res, resumeFrom.stream, resumeFrom.seq);
    // One standalone stream per session: a new GET replaces the old one, which may be half dead.
    this.standalone?.end();
    const writer = SseWriter.open(res, this.replyHeaders);
    this.standalone = writer;
    res.on("close", () => {
      if (this.standalone === writer) this.standalone = undefined;
    });
    if (!resumeFrom) {
      for (const [seq, data] of this.undelivered.splice(0)) writer.event(`${STANDALONE}-${seq}`, data);
      return;
    }
    this.undelivered.length = 0;
    this.replaying = [];
    const missed = await this.sessionHooks.events.after(this.id, STANDALONE, resumeFrom.seq);
    let last = resumeFrom.seq;
    for (const [seq, data] of [...missed, ...this.replaying]) {
      if (seq <= last) continue;
      writer.event(`${STANDALONE}-${seq}`, data);
      last = seq;
    }
    this.replaying = undefined;
  }

  /** A POST's stream again: live from this gateway, or what was logged once it has ended. */
  private async resumeExchange(res: HttpReply, stream: number, afterSeq: number): Promise<void> {
    const live = this.exchanges.get(stream);
    if (live) return live.resume(res, afterSeq);
    const missed = await this.sessionHooks.events.after(this.id, stream, afterSeq);
    const writer = SseWriter.open(res, this.replyHeaders);
    for (const [seq, data] of missed) writer.event(`${stream}-${seq}`, data);
    writer.end();
  }

  protected toClient(message: Message): void {
    if (this.closed) return;
    if (message.method === undefined) return this.deliverReply(message);
    if (message.method === "notifications/progress") {
      const call = this.progressTokens.get(message.params?.progressToken as string | number);
      if (call !== undefined && this.calls.get(call)?.interim(message)) return;
    } else if (message.id !== undefined && message.id !== null) {
      // A server request (sampling, elicitation, roots) comes while a call runs and belongs to it.
      if (this.oldestCall()?.interim(message)) return;
    }
    // Logging, list_changed, resource updates: about the server, not a call, so on the GET stream.
    this.toStandalone(JSON.stringify(message));
  }

  private deliverReply(message: Message): void {
    const id = message.id ?? null;
    const exchange = this.calls.get(id);
    if (!exchange) return;
    this.forgetCall(id);
    exchange.reply(message);
    if (exchange.done) this.exchanges.delete(exchange.stream);
  }

  private forgetCall(id: JsonRpcId): void {
    this.calls.delete(id);
    if (this.progressTokens.size === 0) return;
    for (const [token, call] of this.progressTokens) if (call === id) this.progressTokens.delete(token);
  }

  private oldestCall(): PostExchange | undefined {
    return this.calls.values().next().value;
  }

  private toStandalone(data: string): void {
    const seq = ++this.standaloneSeq;
    this.sessionHooks.events.append(this.id, STANDALONE, seq, data);
    if (this.replaying) this.replaying.push([seq, data]);
    else if (this.standalone?.open) this.standalone.event(`${STANDALONE}-${seq}`, data);
    else if (this.undelivered.length < MAX_UNDELIVERED) this.undelivered.push([seq, data]);
  }

  protected closeTransport(reason: string): void {
    this.standalone?.end();
    for (const exchange of this.exchanges.values()) exchange.abandon(`the session ended: ${reason}`);
    this.exchanges.clear();
    this.calls.clear();
  }
}
