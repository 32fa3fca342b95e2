import type { Logger } from "pino";
import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";
import type { Refusal, ResolvedDeployment } from "../gateway.ts";

/** Who a stateless process serves: one API key on one deployment. */
export interface UpstreamOwner {
  keyId: string;
  keyPrefix: string;
}

export interface StatelessUpstreamsOptions {
  lease(deployment: ResolvedDeployment): Promise<{ ok: true; lease: Lease } | Refusal>;
  release(deployment: ResolvedDeployment, lease: Lease, reason: string): Promise<void>;
  log: Logger;
  /** A process no request has used for this long goes back to its pool. */
  idleMs?: number;
  now?: () => number;
}

export type Acquired = { ok: true; upstream: StatelessUpstream } | Refusal;

/** A process leased for one key's modern requests on one deployment. */
export class StatelessUpstream {
  /** Requests, parked calls and listen streams using the process now. */
  users = 0;
  idleSince: number;
  /** Why no new request gets it (key revoked, process gone, idle); it goes back once unused. */
  retiredBecause: string | undefined;
  released = false;
  #serverInfoJson: string | undefined;

  constructor(
    readonly owner: UpstreamOwner,
    readonly deployment: ResolvedDeployment,
    readonly lease: Lease,
    now: number,
  ) {
    this.idleSince = now;
  }

  get handle(): UpstreamHandle {
    return this.lease.handle;
  }

  /** The server's serverInfo as JSON, made once: every modern result carries it. */
  get serverInfoJson(): string | undefined {
    const serverInfo = this.handle.initializeResult?.serverInfo;
    if (serverInfo === undefined) return undefined;
    return (this.#serverInfoJson ??= JSON.stringify(serverInfo));
  }
}

/**
 * The processes serving modern (stateless) requests, one per API key and deployment: leased on a
 * key's first request, reused by its next ones (2026-07-28 clients open no session to hold one),
 * and given back once idle. Keys never share one, so no server state crosses tenants or keys.
 */
export class StatelessUpstreams {
  /** The process each key and deployment gets now; retired ones leave this map. */
  private readonly current = new Map<string, StatelessUpstream>();
  /** Every process not yet given back, retired ones still in use included. */
  private readonly live = new Set<StatelessUpstream>();
  private readonly leasing = new Map<string, Promise<Acquired>>();
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: StatelessUpstreamsOptions) {
    this.idleMs = options.idleMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.live.size;
  }

  /** The key's process for the deployment, leased now if it has none; counted as used until `done`. */
  async acquire(owner: UpstreamOwner, deployment: ResolvedDeployment): Promise<Acquired> {
    const id = `${owner.keyId}\u0000${deployment.id}`;
    let upstream = this.current.get(id);
    if (!upstream) {
      // Requests that arrive together wait for one lease instead of each taking a process.
      let leasing = this.leasing.get(id);
      if (!leasing) {
        leasing = this.leaseFor(id, owner, deployment).finally(() => this.leasing.delete(id));
        this.leasing.set(id, leasing);
      }
      const leased = await leasing;
      if (!leased.ok) return leased;
      upstream = leased.upstream;
    }
    upstream.users++;
    return { ok: true, upstream };
  }

  done(upstream: StatelessUpstream): void {
    upstream.users--;
    upstream.idleSince = this.now();
    if (upstream.retiredBecause !== undefined && upstream.users === 0) void this.release(upstream, upstream.retiredBecause);
  }

  /** Gives back the processes idle for `idleMs`; called by the gateway's one modern sweep. */
  sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const upstream of this.current.values()) {
      if (upstream.users === 0 && upstream.idleSince <= cutoff) this.retire(upstream, `no modern request for ${Math.round(this.idleMs / 1000)} s`);
    }
  }

  /** A revoked key's processes take no more requests and go as soon as nothing uses them. */
  retireKey(keyPrefix: string): void {
    for (const upstream of this.current.values()) if (upstream.owner.keyPrefix === keyPrefix) this.retire(upstream, "the API key was revoked");
  }

  /** Every process goes back now, in use or not: the gateway is shutting down. */
  async close(): Promise<void> {
    this.current.clear();
    await Promise.all([...this.live].map((upstream) => this.release(upstream, "the gateway is shutting down")));
  }

  private async leaseFor(id: string, owner: UpstreamOwner, deployment: ResolvedDeployment): Promise<Acquired> {
    const leased = await this.options.lease(deployment);
    if (!leased.ok) return leased;
    const upstream = new StatelessUpstream(owner, deployment, leased.lease, this.now());
    upstream.handle.onExit((exit) => this.retire(upstream, `upstream ${exit.reason}`));
    this.current.set(id, upstream);
    this.live.add(upstream);
    return { ok: true, upstream };
  }

  private retire(upstream: StatelessUpstream, reason: string): void {
    if (upstream.retiredBecause !== undefined) return;
    upstream.retiredBecause = reason;
    const id = `${upstream.owner.keyId}\u0000${upstream.deployment.id}`;
    if (this.current.get(id) === upstream) this.current.delete(id);
    if (upstream.users === 0) void this.release(upstream, reason);
  }

  private async release(upstream: StatelessUpstream, reason: string): Promise<void> {
    if (upstream.released) return;
    upstream.released = true;
    this.live.delete(upstream);
    await this.options.release(upstream.deployment, upstream.lease, `stateless process: ${reason}`).catch((error: unknown) => {
      this.options.log.warn({ err: error }, "could not release a stateless process");
    });
  }
}
