import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, type JSONRPCMessage, LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { META, MODERN_PROTOCOL_VERSIONS } from "../../../runner/protocol/modern-mcp.ts";
import { sseMessages } from "./sse-messages.ts";
import type { Timeline } from "./timeline.ts";

export const STATELESS_REVISION: string = MODERN_PROTOCOL_VERSIONS[0];

/** The header that carries each request's subject, and where that subject is in the params. */
const NAMED_BY: Record<string, "name" | "uri"> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };

type Message = { jsonrpc: "2.0"; id?: string | number; method?: string; params?: Record<string, any>; result?: Record<string, any>; error?: { code: number; message: string; data?: unknown } };
type Request = Message & { id: string | number; method: string };

/** An input_required round: the server's questions, handed to the SDK client as server requests. */
interface Round {
  original: Request;
  requestState: unknown;
  answers: Record<string, unknown>;
  waiting: Set<string>;
}

/**
 * MCP 2026-07-28 (stateless) under the SDK's 2025 Client: no session, each request its own POST
 * carrying the revision and the client's capabilities in `_meta` (and the headers that mirror
 * them). The Client's initialize becomes server/discover; logging/setLevel becomes a per-request
 * log level; resources/subscribe and list changes become one subscriptions/listen stream;
 * cancelling closes the request's POST; ping becomes a server/discover round trip; an
 * input_required result is asked of the Client as server requests, then retried with the answers.
 * The timeline gets what really crosses the wire, not the Client's 2025 view of it.
 */
export class StatelessClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  readonly negotiatedRevision = STATELESS_REVISION;
  readonly sessionId = undefined;
  private clientCapabilities: Record<string, unknown> = {};
  private serverCapabilities: Record<string, any> = {};
  private logLevel: string | undefined;
  private readonly inFlight = new Map<string | number, AbortController>();
  private readonly subscriptions = new Set<string>();
  private listening: AbortController | undefined;
  private listenSeq = 0;
  private readonly asked = new Map<string, { round: Round; key: string }>();
  private askSeq = 0;
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly options: { fetch: FetchLike; headers: Record<string, string>; timeline: Timeline },
  ) {}

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("the connection is closed");
    const m = message as Message;
    if (m.method !== undefined && m.id !== undefined) return this.request(m as Request);
    if (m.method === "notifications/cancelled") return this.cancel(m.params?.requestId);
    if (m.method !== undefined) return; // notifications/initialized and roots changes mean nothing to a 2026-07-28 server
    this.answer(m);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listening?.abort();
    for (const abort of this.inFlight.values()) abort.abort();
    this.onclose?.();
  }

  private async request(request: Request): Promise<void> {
    switch (request.method) {
      case "initialize":
        return this.discover(request);
      case "ping":
        this.options.timeline.note("ping is gone in 2026-07-28: a server/discover round trip checks that the server answers");
        await this.roundTrip({ jsonrpc: "2.0", id: request.id, method: "server/discover", params: {} });
        return this.deliver({ jsonrpc: "2.0", id: request.id, result: {} });
      case "logging/setLevel":
        this.logLevel = String(request.params?.level);
        this.options.timeline.note(`log level ${this.logLevel}: sent in _meta with every request from now on (2026-07-28 has no logging/setLevel)`);
        return this.deliver({ jsonrpc: "2.0", id: request.id, result: {} });
      case "resources/subscribe":
      case "resources/unsubscribe":
        return this.changeSubscription(request);
      default:
        void this.exchange(request);
    }
  }

  /** server/discover in place of initialize; the Client gets an InitializeResult it accepts. */
  private async discover(initialize: Request): Promise<void> {
    this.clientCapabilities = (initialize.params?.capabilities ?? {}) as Record<string, unknown>;
    const reply = await this.roundTrip({ jsonrpc: "2.0", id: initialize.id, method: "server/discover", params: {} });
    if (reply.error || !reply.result) return this.deliver({ jsonrpc: "2.0", id: initialize.id, error: reply.error ?? { code: ErrorCode.InternalError, message: "server/discover returned no result" } });
    const { capabilities = {}, instructions, _meta } = reply.result;
    const supported = reply.result.supportedVersions;
    if (Array.isArray(supported) && !supported.includes(STATELESS_REVISION)) {
      throw new Error(`the server does not speak ${STATELESS_REVISION} (it supports ${supported.join(", ")}): choose one of those`);
    }
    this.serverCapabilities = capabilities;
    await this.relisten().catch((error: unknown) => this.options.timeline.note(`no change notifications: subscriptions/listen failed: ${error instanceof Error ? error.message : String(error)}`));
    // The SDK's Client only accepts the 2025 revisions it knows; what the bench reports is negotiatedRevision.
    this.deliver({
      jsonrpc: "2.0",
      id: initialize.id,
      result: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities, serverInfo: _meta?.[META.serverInfo] ?? { name: this.url.host, version: "(not given)" }, ...(typeof instructions === "string" ? { instructions } : {}) },
    });
  }

  /** One request whose answer the transport itself needs (no progress, no input rounds). */
  private async roundTrip(request: Request): Promise<Message> {
    const response = await this.post(this.withMeta(request), new AbortController().signal);
    let answer: Message | undefined;
    for await (const message of this.messagesOf(response)) if (message.id === request.id && message.method === undefined) answer = message;
    if (!answer) throw new Error(`${request.method}: the server's reply had no answer (HTTP ${response.status})`);
    return answer;
  }

  /** A request on its own POST: progress and log messages as they come, then its answer. */
  private async exchange(request: Request): Promise<void> {
    const abort = new AbortController();
    this.inFlight.set(request.id, abort);
    try {
      const response = await this.post(this.withMeta(request), abort.signal);
      for await (const message of this.messagesOf(response)) {
        if (message.id === request.id && message.result?.resultType === "input_required") this.askClient(request, message.result);
        else this.deliver(message);
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.deliver({ jsonrpc: "2.0", id: request.id, error: { code: ErrorCode.InternalError, message: `${request.method} failed: ${error instanceof Error ? error.message : String(error)}` } });
    } finally {
      this.inFlight.delete(request.id);
    }
  }

  private cancel(requestId: unknown): void {
    const abort = typeof requestId === "string" || typeof requestId === "number" ? this.inFlight.get(requestId) : undefined;
    if (!abort) return;
    this.options.timeline.note(`request ${String(requestId)} cancelled: its POST is closed (2026-07-28 has no notifications/cancelled)`);
    abort.abort();
  }

  private askClient(original: Request, result: Record<string, any>): void {
    const questions = Object.entries((result.inputRequests ?? {}) as Record<string, { method: string; params?: Record<string, unknown> }>);
    if (questions.length === 0) return this.deliver({ jsonrpc: "2.0", id: original.id, error: { code: ErrorCode.InternalError, message: "input_required without inputRequests" } });
    const round: Round = { original, requestState: result.requestState, answers: {}, waiting: new Set(questions.map(([key]) => key)) };
    for (const [key, question] of questions) {
      const id = `input-${++this.askSeq}`;
      this.asked.set(id, { round, key });
      this.deliver({ jsonrpc: "2.0", id, method: question.method, params: question.params ?? {} });
    }
  }

  /** The Client's answer to one input request; the last one of a round sends the retry. */
  private answer(reply: Message): void {
    const asked = reply.id === undefined ? undefined : this.asked.get(String(reply.id));
    if (!asked) return;
    this.asked.delete(String(reply.id));
    const { round, key } = asked;
    if (reply.error) {
      for (const [id, other] of this.asked) if (other.round === round) this.asked.delete(id);
      return this.deliver({ jsonrpc: "2.0", id: round.original.id, error: { code: reply.error.code, message: `the server asked ${key} and the client could not answer: ${reply.error.message}` } });
    }
    round.answers[key] = reply.result;
    round.waiting.delete(key);
    if (round.waiting.size > 0) return;
    const params = { ...round.original.params, inputResponses: round.answers, ...(round.requestState !== undefined ? { requestState: round.requestState } : {}) };
    void this.exchange({ ...round.original, params });
  }

  private async changeSubscription(request: Request): Promise<void> {
    const uri = String(request.params?.uri ?? "");
    const subscribing = request.method === "resources/subscribe";
    const before = new Set(this.subscriptions);
    if (subscribing) this.subscriptions.add(uri);
    else this.subscriptions.delete(uri);
    try {
      const honoured = await this.relisten();
      if (subscribing && !honoured.includes(uri)) throw new Error(`the server did not accept a subscription to ${uri}`);
      this.deliver({ jsonrpc: "2.0", id: request.id, result: {} });
    } catch (error) {
      this.subscriptions.clear();
      for (const kept of before) this.subscriptions.add(kept);
      this.deliver({ jsonrpc: "2.0", id: request.id, error: { code: ErrorCode.InternalError, message: `subscriptions/listen failed: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }

  /**
   * (Re)opens the one subscriptions/listen stream with the list changes the server offers and
   * the resources subscribed to; resolves with the subscriptions the server acknowledged.
   */
  private async relisten(): Promise<string[]> {
    this.listening?.abort();
    this.listening = undefined;
    const offers = (name: string) => this.serverCapabilities[name]?.listChanged === true;
    const notifications: Record<string, unknown> = {
      ...(offers("tools") ? { toolsListChanged: true } : {}),
      ...(offers("prompts") ? { promptsListChanged: true } : {}),
      ...(offers("resources") ? { resourcesListChanged: true } : {}),
      ...(this.subscriptions.size > 0 ? { resourceSubscriptions: [...this.subscriptions] } : {}),
    };
    if (Object.keys(notifications).length === 0) return [];
    const abort = new AbortController();
    this.listening = abort;
    const request = this.withMeta({ jsonrpc: "2.0", id: `listen-${++this.listenSeq}`, method: "subscriptions/listen", params: { notifications } });
    const messages = this.messagesOf(await this.post(request, abort.signal));
    const first = await messages.next();
    const ack = first.value as Message | undefined;
    if (!ack || ack.method !== "notifications/subscriptions/acknowledged") {
      abort.abort();
      throw new Error(ack?.error?.message ?? "the stream ended before the server acknowledged it");
    }
    void (async () => {
      for await (const message of messages) if (message.method !== undefined) this.deliver(message);
      if (!abort.signal.aborted) this.options.timeline.note("the server ended the subscriptions/listen stream");
    })().catch((error: unknown) => {
      if (!abort.signal.aborted) this.options.timeline.note(`subscriptions/listen stream lost: ${error instanceof Error ? error.message : String(error)}`);
    });
    const honoured = ack.params?.notifications?.resourceSubscriptions;
    return Array.isArray(honoured) ? honoured.map(String) : [];
  }

  private withMeta(request: Request): Request {
    const meta = {
      ...request.params?._meta,
      [META.protocolVersion]: STATELESS_REVISION,
      [META.clientCapabilities]: this.clientCapabilities,
      ...(this.logLevel !== undefined ? { [META.logLevel]: this.logLevel } : {}),
    };
    return { ...request, params: { ...request.params, _meta: meta } };
  }

  private post(request: Request, signal: AbortSignal): Promise<Response> {
    const subject = NAMED_BY[request.method];
    const name = subject ? request.params?.[subject] : undefined;
    const headers: Record<string, string> = {
      ...this.options.headers,
      "content-type": "application/json",
      accept: request.method === "subscriptions/listen" ? "text/event-stream" : "application/json, text/event-stream",
      "mcp-protocol-version": STATELESS_REVISION,
      "mcp-method": request.method,
      ...(typeof name === "string" ? { "mcp-name": headerValue(name) } : {}),
    };
    this.options.timeline.record("out", request as JSONRPCMessage);
    return this.options.fetch(this.url, { method: "POST", headers, body: JSON.stringify(request), signal });
  }

  /** The messages of one reply, JSON or SSE, each recorded as it arrives. */
  private async *messagesOf(response: Response): AsyncGenerator<Message> {
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream") && response.body) {
      for await (const message of sseMessages(response.body)) yield this.received(message);
      return;
    }
    if (type.includes("application/json")) return yield this.received(await response.json());
    throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}: expected a JSON or SSE reply, got ${type || "no content type"}`);
  }

  private received(value: unknown): Message {
    if (typeof value !== "object" || value === null || (value as Message).jsonrpc !== "2.0") throw new Error("the server sent something that is not a JSON-RPC message");
    this.options.timeline.record("in", value as JSONRPCMessage);
    return value as Message;
  }

  private deliver(message: Message): void {
    if (!this.closed) this.onmessage?.(message as JSONRPCMessage);
  }
}

/** A header value as 2026-07-28 carries it: plain ASCII as is, anything else `=?base64?…?=`. */
export function headerValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && value.trim() === value) return value;
  let binary = "";
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return `=?base64?${btoa(binary)}?=`;
}
