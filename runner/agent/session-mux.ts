import { ERROR_CODES, type JsonRpcErrorBody, type JsonRpcId, jsonRpcError } from "../protocol/jsonrpc.ts";
import { INPUT_REQUIRED_METHODS } from "../protocol/modern-mcp.ts";
import { RawReply, replyEnvelope } from "./raw-reply.ts";

/** A JSON-RPC message as routing sees it; everything else in it is carried along untouched. */
export interface Message {
  jsonrpc: "2.0";
  id?: JsonRpcId;
  method?: string;
  params?: Record<string, unknown> & { _meta?: Record<string, unknown> };
  result?: unknown;
  error?: unknown;
}

export interface Upstream {
  send(line: string): boolean;
  readonly alive: boolean;
  recordCall(ms: number, failed: boolean): void;
}

/** One session's end of a server process. */
export interface SessionPort {
  /** A message from the client; returns the error to answer instead when it cannot be sent. */
  send(message: Message): JsonRpcErrorBody | undefined;
  /** Messages for this session's client, with the client's own ids. */
  onMessage: (message: Message) => void;
  /** Each answered (or failed) call of this session: latency, outcome, bytes both ways. */
  onCall: (ms: number, failed: boolean, bytes: number) => void;
  /** What the client said it can do at initialize: server requests it cannot answer are answered for it. */
  declareCapabilities(capabilities: Record<string, unknown>): void;
  /** Cancels one call in flight: the server is told, and its late answer is dropped. */
  cancel(clientId: JsonRpcId, reason: string): void;
  /** Cancels the session's calls still in flight upstream and lets the process go. */
  detach(): void;
  /**
   * Set by a session that writes messages out with `messageText`: its replies may then come as
   * RawReply, the server's own text. Others always get parsed messages.
   */
  rawReplies?: boolean;
}

interface Pending {
  port: Port;
  clientId: JsonRpcId;
  sentAt: number;
  /** When the call times out; progress from the server moves it on. */
  deadline: number;
  bytes: number;
  clientToken?: string | number;
  /** A call during which servers ask their client things (see portForServerRequest). */
  mayAsk: boolean;
}

/**
 * Connects sessions to one server process. Each client request gets a fresh numeric id on the
 * way up and its own id back on the way down, so any number of sessions — each counting from 1,
 * as clients do — can share a process without one ever seeing another's replies. Progress tokens
 * are rewritten the same way; server requests go to the session whose call is in flight.
 */
export class SessionMux {
  readonly ports = new Set<Port>();
  private readonly pending = new Map<number, Pending>();
  private readonly serverRequests = new Map<JsonRpcId, Port>();
  /** Calls waiting for one of the process's `maxInFlight` slots, oldest first. */
  private readonly queued: Array<{ port: Port; message: Message }> = [];
  private nextId = 1;
  private answeredRootsAlone = false;

  /** How long a call may go without an answer or progress before it fails (0: forever). */
  callTimeoutMs = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly upstream: Upstream,
    public maxInFlight = 64,
  ) {}

  /** Calls that may wait for a slot; past that the server is busy and the call is refused. */
  get maxQueued(): number {
    return this.maxInFlight * 4;
  }

  get queuedCalls(): number {
    return this.queued.length;
  }

  /**
   * Fails calls past their deadline: the client gets an error, the server a cancellation. One
   * sweep a second instead of a timer per call keeps the hot path free of timer churn.
   */
  expireCalls(now = performance.now()): void {
    for (const [upstreamId, entry] of this.pending) {
      if (entry.deadline > now) continue;
      this.pending.delete(upstreamId);
      entry.port.forget(entry.clientId);
      const seconds = Math.round(this.callTimeoutMs / 1000);
      this.upstream.recordCall(now - entry.sentAt, true);
      entry.port.onCall(now - entry.sentAt, true, entry.bytes);
      entry.port.deliver(jsonRpcError(entry.clientId, ERROR_CODES.refused, `the call timed out: no answer or progress from the server for ${seconds} s`, { reason: "timeout" }) as Message);
      this.upstream.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: upstreamId, reason: "timed out" } }));
    }
    this.fillSlots();
    if (this.pending.size === 0) this.stopSweeping();
  }

  private startSweeping(): void {
    if (this.sweeper || this.callTimeoutMs <= 0) return;
    this.sweeper = setInterval(() => this.expireCalls(), Math.min(1000, this.callTimeoutMs));
    this.sweeper.unref();
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  attach(): SessionPort {
    const port = new Port(this);
    this.ports.add(port);
    return port;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** A line from the server. */
  fromServer(line: string): void {
    const envelope = replyEnvelope(line);
    const call = envelope && this.pending.get(envelope.id);
    if (envelope && call?.port.rawReplies) return this.serverResponse(envelope.id, envelope.isError, line.length, new RawReply(call.clientId, line, envelope));
    let message: Message;
    try {
      message = JSON.parse(line);
    } catch {
      return; // Servers sometimes log to stdout; such lines are not protocol messages.
    }
    if (message.method === undefined) return this.serverResponse(message.id as number, message.error !== undefined, line.length, message);
    if (message.id !== undefined && message.id !== null) return this.serverRequest(message);
    this.serverNotification(message);
  }

  /** The process is gone: every call in flight gets an error now instead of hanging. */
  failAll(why: string): void {
    this.stopSweeping();
    for (const [upstreamId, entry] of this.pending) {
      this.pending.delete(upstreamId);
      entry.port.forget(entry.clientId);
      const ms = performance.now() - entry.sentAt;
      this.upstream.recordCall(ms, true);
      entry.port.onCall(ms, true, entry.bytes);
      entry.port.deliver(jsonRpcError(entry.clientId, ERROR_CODES.upstreamGone, why) as Message);
    }
    for (const { port, message } of this.queued.splice(0)) port.deliver(jsonRpcError(message.id!, ERROR_CODES.upstreamGone, why) as Message);
  }

  /** @internal */
  sendFrom(port: Port, message: Message): JsonRpcErrorBody | undefined {
    if (message.method !== undefined && message.id !== undefined && message.id !== null) return this.clientRequest(port, message);
    if (message.method === undefined) this.serverRequests.delete(message.id ?? null);
    else if (message.method === "notifications/cancelled") {
      this.cancel(port, message.params?.requestId as JsonRpcId, message.params?.reason as string | undefined);
      return undefined;
    }
    this.upstream.send(JSON.stringify(message));
    return undefined;
  }

  /** @internal */
  capabilitiesDeclared(port: Port): void {
    if (this.answeredRootsAlone && port.supports("roots/list")) {
      // The server asked for roots while no client could answer; now one can, so it may ask again.
      this.answeredRootsAlone = false;
      this.upstream.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/roots/list_changed" }));
    }
  }

  /** @internal */
  cancel(port: Port, clientId: JsonRpcId, reason: string | undefined): void {
    const waiting = this.queued.findIndex((call) => call.port === port && call.message.id === clientId);
    if (waiting >= 0) this.queued.splice(waiting, 1);
    const upstreamId = port.upstreamIdOf(clientId);
    if (upstreamId === undefined) return;
    this.pending.delete(upstreamId);
    port.forget(clientId);
    const params = reason === undefined ? { requestId: upstreamId } : { requestId: upstreamId, reason };
    this.upstream.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params }));
    this.fillSlots();
  }

  /** @internal */
  detach(port: Port): void {
    this.ports.delete(port);
    for (let i = this.queued.length - 1; i >= 0; i--) if (this.queued[i]!.port === port) this.queued.splice(i, 1);
    for (const [upstreamId, entry] of this.pending) {
      if (entry.port !== port) continue;
      this.pending.delete(upstreamId);
      this.upstream.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: upstreamId, reason: "the client went away" } }));
    }
    for (const [id, owner] of this.serverRequests) if (owner === port) this.serverRequests.delete(id);
    this.fillSlots();
  }

  private clientRequest(port: Port, message: Message): JsonRpcErrorBody | undefined {
    if (!this.upstream.alive) return jsonRpcError(message.id!, ERROR_CODES.upstreamGone, "the MCP server process is not running");
    if (this.pending.size >= this.maxInFlight) {
      if (this.queued.length >= this.maxQueued) {
        return jsonRpcError(message.id!, ERROR_CODES.refused, `the server is busy: ${this.pending.size} requests in flight and ${this.queued.length} waiting, its limit; retry shortly`, { reason: "busy" });
      }
      this.queued.push({ port, message });
      return undefined;
    }
    this.sendCall(port, message);
    return undefined;
  }

  private sendCall(port: Port, message: Message): void {
    const upstreamId = this.nextId++;
    const sentAt = performance.now();
    const entry: Pending = { port, clientId: message.id!, sentAt, deadline: this.callTimeoutMs > 0 ? sentAt + this.callTimeoutMs : Infinity, bytes: 0, mayAsk: INPUT_REQUIRED_METHODS.has(message.method!) };
    this.startSweeping();
    this.pending.set(upstreamId, entry);
    port.remember(message.id!, upstreamId);
    // The message is ours from here on: rewriting it in place saves a copy per call.
    message.id = upstreamId;
    const meta = message.params?._meta;
    if (meta?.progressToken !== undefined) {
      entry.clientToken = meta.progressToken as string | number;
      meta.progressToken = upstreamId;
    }
    // Written out from the parsed message, not passed on as the client's bytes (as replies are,
    // see RawReply): a client's text may hold a key twice, and a server whose parser keeps the
    // first "id" where ours kept the last would answer under another call's id.
    const line = JSON.stringify(message);
    entry.bytes = line.length;
    this.upstream.send(line);
  }

  /** Slots came free: the oldest waiting calls take them. */
  private fillSlots(): void {
    while (this.queued.length > 0 && this.pending.size < this.maxInFlight && this.upstream.alive) {
      const next = this.queued.shift()!;
      this.sendCall(next.port, next.message);
    }
  }

  private serverResponse(upstreamId: number, failed: boolean, bytes: number, message: Message): void {
    const entry = this.pending.get(upstreamId);
    if (!entry) return; // Answer to a call that was cancelled or whose session ended.
    this.pending.delete(upstreamId);
    entry.port.forget(entry.clientId);
    const ms = performance.now() - entry.sentAt;
    this.upstream.recordCall(ms, failed);
    entry.port.onCall(ms, failed, entry.bytes + bytes);
    message.id = entry.clientId;
    entry.port.deliver(message);
    this.fillSlots();
  }

  private serverRequest(message: Message): void {
    if (this.ports.size === 0) return this.answerAlone(message);
    const port = this.portForServerRequest();
    if (!port) {
      this.upstream.send(JSON.stringify(jsonRpcError(message.id!, ERROR_CODES.internalError, "no single client session to ask: several sessions share this server and none, or more than one, has a call in flight")));
      return;
    }
    if (!port.supports(message.method!)) return this.answerInsteadOf(message);
    this.serverRequests.set(message.id!, port);
    port.deliver(message);
  }

  private serverNotification(message: Message): void {
    if (message.method === "notifications/progress") {
      const entry = this.pending.get(message.params?.progressToken as number);
      if (entry && this.callTimeoutMs > 0) entry.deadline = performance.now() + this.callTimeoutMs;
      if (entry?.clientToken !== undefined) {
        message.params!.progressToken = entry.clientToken;
        entry.port.deliver(message);
      }
      return;
    }
    if (message.method === "notifications/cancelled") {
      this.serverRequests.get(message.params?.requestId as JsonRpcId)?.deliver(message);
      return;
    }
    // Logging, list_changed, resource updates: about the server as a whole, so every session hears them.
    for (const port of this.ports) port.deliver(message);
  }

  /** A warm process with no session yet asks its client something (servers ask for roots at start). */
  private answerAlone(message: Message): void {
    if (message.method === "roots/list") {
      this.answeredRootsAlone = true;
      this.upstream.send(JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { roots: [] } }));
      return;
    }
    this.upstream.send(JSON.stringify(jsonRpcError(message.id!, ERROR_CODES.internalError, "no client session is attached to this process yet")));
  }

  /**
   * The process was initialized with every client capability, so it may ask what this session's
   * client never offered: no roots is an answer; the rest are methods the client does not have.
   */
  private answerInsteadOf(message: Message): void {
    const answer = message.method === "roots/list"
      ? { jsonrpc: "2.0", id: message.id, result: { roots: [] } }
      : jsonRpcError(message.id!, ERROR_CODES.methodNotFound, `this session's client cannot answer ${message.method}: it did not declare the "${CAPABILITY_OF[message.method!]}" capability`);
    this.upstream.send(JSON.stringify(answer));
  }

  /**
   * stdio does not say which call a server request belongs to, so it goes to the one session
   * with a call in flight during which servers ask (tools/call, prompts/get, resources/read, the
   * calls the 2026 revision lets ask), else to the one session with any call in flight. A
   * session listing tools, or the gateway's own subscribe, beside another's tools/call thus
   * leaves no doubt whom an elicitation is for.
   */
  private portForServerRequest(): Port | undefined {
    if (this.ports.size === 1) return this.ports.values().next().value;
    let asking: Port | undefined;
    let busy: Port | undefined;
    let severalBusy = false;
    for (const entry of this.pending.values()) {
      if (entry.mayAsk) {
        if (asking !== undefined && asking !== entry.port) return undefined;
        asking = entry.port;
      }
      if (busy !== undefined && busy !== entry.port) severalBusy = true;
      busy = entry.port;
    }
    return asking ?? (severalBusy ? undefined : busy);
  }
}

/**
 * A handler nobody has set yet. One function for all: under tsx, a class field's arrow is wrapped
 * in esbuild's `__name()` (an Object.defineProperty) for every instance, and a stateless request
 * makes a port and a reply of its own.
 */
export function noHandler(): void {}

/** The client capability each server-to-client request needs. */
const CAPABILITY_OF: Record<string, string> = { "roots/list": "roots", "sampling/createMessage": "sampling", "elicitation/create": "elicitation" };

class Port implements SessionPort {
  onMessage: (message: Message) => void = noHandler;
  rawReplies = false;
  private capabilities: Record<string, unknown> = {};
  onCall: (ms: number, failed: boolean, bytes: number) => void = noHandler;
  private readonly upstreamIds = new Map<JsonRpcId, number>();

  constructor(private readonly mux: SessionMux) {}

  send(message: Message): JsonRpcErrorBody | undefined {
    return this.mux.sendFrom(this, message);
  }

  cancel(clientId: JsonRpcId, reason: string): void {
    this.mux.cancel(this, clientId, reason);
  }

  declareCapabilities(capabilities: Record<string, unknown>): void {
    this.capabilities = capabilities;
    this.mux.capabilitiesDeclared(this);
  }

  supports(method: string): boolean {
    const capability = CAPABILITY_OF[method];
    return capability === undefined || this.capabilities[capability] !== undefined;
  }

  detach(): void {
    this.mux.detach(this);
    this.upstreamIds.clear();
  }

  deliver(message: Message): void {
    this.onMessage(message);
  }

  remember(clientId: JsonRpcId, upstreamId: number): void {
    this.upstreamIds.set(clientId, upstreamId);
  }

  forget(clientId: JsonRpcId): void {
    this.upstreamIds.delete(clientId);
  }

  upstreamIdOf(clientId: JsonRpcId): number | undefined {
    return this.upstreamIds.get(clientId);
  }
}
