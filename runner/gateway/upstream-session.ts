import type { McpUpstream } from "../agent/mcp-upstream.ts";
import type { Message, SessionPort } from "../agent/session-mux.ts";
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

export interface SessionHooks<S> {
  onClosed(session: S): void;
  /** Gives the process back to its pool when the session ends. */
  release(upstream: McpUpstream, reason: string): Promise<void>;
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

  constructor(
    readonly owner: SessionOwner,
    protected readonly upstream: McpUpstream,
    // Each transport's hooks take its own session type; `never` lets them all in.
    private readonly hooks: SessionHooks<never>,
  ) {
    this.port = upstream.mux.attach();
    this.port.onMessage = (message) => this.toClient(message);
    this.port.onCall = (ms, failed, bytes) => hooks.usage?.record(owner.keyId, ms, failed, bytes);
    upstream.onExit((exit) => void this.close(`upstream ${exit.reason}`));
  }

  async close(reason: string, code?: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.detach();
    this.hooks.onClosed(this as never);
    await Promise.all([this.closeTransport(reason, code), this.hooks.release(this.upstream, `session closed: ${reason}`)]);
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
