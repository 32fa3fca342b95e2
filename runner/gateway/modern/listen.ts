import type { HttpReply } from "../../protocol/http-exchange.ts";
import type { Message } from "../../agent/session-mux.ts";
import { ERROR_CODES } from "../../protocol/jsonrpc.ts";
import { META } from "../../protocol/modern-mcp.ts";
import { EventStream } from "./event-stream.ts";
import { type SubscriptionFilter, filterWants, honouredFilter, subscriptionFilterSchema } from "./listen-filter.ts";
import { type HubListener, ListenHub } from "./listen-hub.ts";
import type { ModernRequest } from "./modern-request.ts";
import { sendRefusal } from "./modern-reply.ts";
import type { StatelessUpstream } from "./stateless-upstreams.ts";

const KEEPALIVE_MS = 15_000;

/** One subscriptions/listen stream: only what it opted into, each tagged with its id. */
class Listener implements HubListener {
  private acknowledged = false;

  constructor(
    readonly id: string | number,
    readonly keyPrefix: string,
    private readonly filter: SubscriptionFilter,
    readonly stream: EventStream,
  ) {}

  get resourceSubscriptions(): readonly string[] {
    return this.filter.resourceSubscriptions ?? [];
  }

  /** Tells the client what it will hear about: what was asked, less what the server cannot do. */
  acknowledge(subscribed: string[]): void {
    if (subscribed.length > 0) this.filter.resourceSubscriptions = subscribed;
    else delete this.filter.resourceSubscriptions;
    this.stream.send({ jsonrpc: "2.0", method: "notifications/subscriptions/acknowledged", params: { _meta: this.tag, notifications: this.filter } });
    this.acknowledged = true;
  }

  notify(message: Message): void {
    if (!this.acknowledged || !filterWants(this.filter, message)) return;
    this.stream.send({ ...message, params: { ...message.params, _meta: { ...message.params?._meta, ...this.tag } } });
  }

  lost(): void {
    this.stream.end();
  }

  /** The server's graceful end of a subscription: its empty result, then the stream closes. */
  finish(): void {
    this.stream.send({ jsonrpc: "2.0", id: this.id, result: { resultType: "complete", _meta: this.tag } });
    this.stream.end();
  }

  private get tag(): Record<string, unknown> {
    return { [META.subscriptionId]: this.id };
  }
}

/**
 * subscriptions/listen (§4 of the revision): each stream is an SSE answer that stays open, acked
 * first with the honoured part of its filter, then carrying the opted-in change notifications of
 * its key's process. One keep-alive timer serves every stream.
 */
export class ListenStreams {
  private readonly hubs = new WeakMap<StatelessUpstream, ListenHub>();
  private readonly listeners = new Set<Listener>();
  private keepalive: NodeJS.Timeout | undefined;

  constructor(private readonly keepaliveMs = KEEPALIVE_MS) {}

  /** Serves one listen request on the key's process; `done` runs once the stream has ended. */
  async listen(res: HttpReply, request: ModernRequest, upstream: StatelessUpstream, done: () => void): Promise<void> {
    const parsed = subscriptionFilterSchema.safeParse(request.params.notifications);
    if (!parsed.success) {
      done();
      const problem = parsed.error.issues[0];
      const where = ["params.notifications", ...(problem?.path ?? [])].join(".");
      return sendRefusal(res, { status: 400, id: request.id, code: ERROR_CODES.invalidParams, message: `${where}: ${problem?.message ?? "invalid"} (a subscription filter such as {"toolsListChanged": true})` });
    }
    const filter = honouredFilter(parsed.data, upstream.handle.initializeResult?.capabilities as Record<string, unknown> | undefined);
    const listener = new Listener(request.id, upstream.owner.keyPrefix, filter, EventStream.open(res));
    const hub = this.hubFor(upstream);
    const joined = hub.join(listener);
    let ended = false;
    res.once("close", () => {
      ended = true;
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopKeepalive();
      void joined.then((subscribed) => hub.leave(listener, subscribed)).finally(done);
    });
    this.listeners.add(listener);
    this.startKeepalive();
    const subscribed = await joined;
    if (!ended) listener.acknowledge(subscribed);
  }

  /** A revoked key's streams end now. */
  endKey(keyPrefix: string): void {
    for (const listener of this.listeners) if (listener.keyPrefix === keyPrefix) listener.finish();
  }

  /** Every stream gets its result and ends: the gateway is shutting down. */
  close(): void {
    for (const listener of this.listeners) listener.finish();
    this.stopKeepalive();
  }

  private hubFor(upstream: StatelessUpstream): ListenHub {
    let hub = this.hubs.get(upstream);
    if (!hub) {
      hub = new ListenHub(upstream.handle);
      this.hubs.set(upstream, hub);
    }
    return hub;
  }

  private startKeepalive(): void {
    if (this.keepalive) return;
    this.keepalive = setInterval(() => {
      for (const listener of this.listeners) listener.stream.comment("keepalive");
    }, this.keepaliveMs);
    this.keepalive.unref();
  }

  private stopKeepalive(): void {
    clearInterval(this.keepalive);
    this.keepalive = undefined;
  }
}
