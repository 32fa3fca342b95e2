import type { Message, SessionPort } from "../agent/session-mux.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { fromClient } from "./client-messages.ts";
import type { UsageRecorder } from "./usage.ts";

/** Who a session belongs to: it is only ever visible to the key that opened it. */
export interface SessionOwner {
  tenantId: string;
  keyId: string;
  keyPrefix: string;
  deploymentId: string;
  deploymentName: string;
}

/**
 * How a session ended: closed for good (its process goes back), its process lost, or suspended —
 * dropped by this gateway only, the process kept for the session to go on elsewhere.
 */
export type Ending = "closed" | "upstream_lost" | "suspended";

export interface SessionHooks<S> {
  onClosed(session: S, ending: Ending, reason: string): void;
  /** Gives the process back to its pool when the session ends. */
  release(reason: string): Promise<void>;
  usage?: UsageRecorder;
}

/**
 * What every transport's session shares: a port on the leased process (usage counted per key),
 * the client's messages through the common first step, and one way to end — on the client's
 * word, the process's death or the gateway's — that detaches, tells the gateway, closes the
 * transport and gives the process back. A transport adds only how messages travel.
 */
export abstract class UpstreamSession {
  protected readonly port: SessionPort;
  protected closed = false;
  private readonly stopWatchingExit: () => void;

  constructor(
    readonly owner: SessionOwner,
    protected readonly upstream: UpstreamHandle,
    // Each transport's hooks take its own session type; `never` lets them all in.
    private readonly hooks: SessionHooks<never>,
  ) {
    this.port = upstream.attach();
    this.port.onMessage = (message) => this.toClient(message);
    this.port.onCall = (ms, failed, bytes) => hooks.usage?.record(owner.keyId, ms, failed, bytes);
    // Removed when the session ends: a shared process outlives many sessions.
    this.stopWatchingExit = upstream.onExit((exit) => void this.end("upstream_lost", `upstream ${exit.reason}`));
  }

  close(reason: string, code?: number): Promise<void> {
    return this.end("closed", reason, code);
  }

  protected async end(ending: Ending, reason: string, code?: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchingExit();
    this.port.detach();
    this.hooks.onClosed(this as never, ending, reason);
    const released = ending === "suspended" ? undefined : this.hooks.release(`session closed: ${reason}`);
    await Promise.all([this.closeTransport(reason, code), released]);
  }

  /** A message for the client, on this transport. */
  protected abstract toClient(message: Message): void;

  protected abstract closeTransport(reason: string, code?: number): Promise<void> | void;

  /** A message from the client; an immediate answer (initialize, busy) goes straight back. */
  protected fromClient(message: Message): void {
    const reply = fromClient(message, this.upstream, this.port);
    if (reply) this.toClient(reply);
  }
}
