import type { Message, SessionPort } from "../../agent/session-mux.ts";
import { ERROR_CODES, jsonRpcError } from "../../protocol/jsonrpc.ts";
import type { UpstreamHandle } from "../../protocol/upstream-handle.ts";

/** One open subscriptions/listen stream, as its process's hub sees it. */
export interface HubListener {
  /** The URIs it asked to hear about. */
  readonly resourceSubscriptions: readonly string[];
  /** A notification from the server about itself (list changes, resource updates). */
  notify(message: Message): void;
  /** The process is gone: the stream ends, and the client may listen again. */
  lost(reason: string): void;
}

interface Subscription {
  listeners: number;
  /** Resolves true once the server took the subscription, false if it refused it. */
  ready: Promise<boolean>;
}

/**
 * The listen streams of one process, on one port of their own: the server's notifications about
 * itself fan out to them, and each resource URI is subscribed upstream once, however many streams
 * listen to it, and unsubscribed when the last one goes.
 */
export class ListenHub {
  private port: SessionPort | undefined;
  private readonly listeners = new Set<HubListener>();
  private readonly subscriptions = new Map<string, Subscription>();
  /** Unsubscribes on their way: a new subscription to the URI goes after, or it would be undone. */
  private readonly unsubscribing = new Map<string, Promise<unknown>>();
  /** The hub's own calls (subscribe, unsubscribe) by id, waiting for their answers. */
  private readonly calls = new Map<string, (reply: Message) => void>();
  private nextCall = 1;

  constructor(private readonly upstream: UpstreamHandle) {
    upstream.onExit((exit) => {
      for (const listener of [...this.listeners]) listener.lost(`the server process ${exit.reason}`);
    });
  }

  /** Adds a listener; resolves, once its subscriptions are in place upstream, with the URIs that are. */
  async join(listener: HubListener): Promise<string[]> {
    this.listeners.add(listener);
    this.attached();
    const uris = listener.resourceSubscriptions;
    const taken = await Promise.all(uris.map((uri) => this.subscribe(uri)));
    for (const [i, uri] of uris.entries()) if (!taken[i]) this.unsubscribe(uri);
    return uris.filter((_, i) => taken[i]);
  }

  /** Removes a listener and the subscriptions it held (the ones `join` said were taken). */
  leave(listener: HubListener, subscribed: readonly string[]): void {
    if (!this.listeners.delete(listener)) return;
    for (const uri of subscribed) this.unsubscribe(uri);
    this.detachWhenIdle();
  }

  private subscribe(uri: string): Promise<boolean> {
    const existing = this.subscriptions.get(uri);
    if (existing) {
      existing.listeners++;
      return existing.ready;
    }
    const ready = (this.unsubscribing.get(uri) ?? Promise.resolve())
      .then(() => this.call("resources/subscribe", { uri }))
      .then((reply) => reply.error === undefined);
    this.subscriptions.set(uri, { listeners: 1, ready });
    return ready;
  }

  private unsubscribe(uri: string): void {
    const subscription = this.subscriptions.get(uri);
    if (!subscription || --subscription.listeners > 0) return;
    this.subscriptions.delete(uri);
    const unsubscribed: Promise<unknown> = subscription.ready
      .then((taken) => (taken ? this.call("resources/unsubscribe", { uri }) : undefined))
      .finally(() => {
        if (this.unsubscribing.get(uri) === unsubscribed) this.unsubscribing.delete(uri);
        this.detachWhenIdle();
      });
    this.unsubscribing.set(uri, unsubscribed);
  }

  private call(method: string, params: Record<string, unknown>): Promise<Message> {
    const id = `listen-${this.nextCall++}`;
    return new Promise((resolve) => {
      this.calls.set(id, resolve);
      const refused = this.attached().send({ jsonrpc: "2.0", id, method, params });
      if (refused) this.answered(refused as Message);
    });
  }

  private attached(): SessionPort {
    if (this.port) return this.port;
    const port = this.upstream.attach();
    // The hub has no client to ask anything: the mux answers roots, sampling and elicitation for it.
    port.declareCapabilities({});
    port.onMessage = (message) => this.fromServer(message);
    this.port = port;
    return port;
  }

  private fromServer(message: Message): void {
    if (message.method === undefined) return this.answered(message);
    if (message.id !== undefined && message.id !== null) {
      const answer = message.method === "ping" ? { jsonrpc: "2.0", id: message.id, result: {} } : jsonRpcError(message.id, ERROR_CODES.methodNotFound, `no client to answer ${message.method}`);
      this.port?.send(answer as Message);
      return;
    }
    for (const listener of this.listeners) listener.notify(message);
  }

  private answered(reply: Message): void {
    const id = String(reply.id);
    const resolve = this.calls.get(id);
    this.calls.delete(id);
    resolve?.(reply);
  }

  private detachWhenIdle(): void {
    if (!this.port || this.listeners.size > 0 || this.calls.size > 0) return;
    this.port.detach();
    this.port = undefined;
  }
}
