import type { Logger } from "pino";
import { McpUpstream, UpstreamError } from "./mcp-upstream.ts";
import type { ProcessSpec } from "./process-spec.ts";
import type { ProcessExit } from "./stdio-process.ts";

export interface PoolSettings {
  /** Initialized processes kept ready for the next session. */
  min: number;
  /** Processes at most, ready and leased together. */
  max: number;
  /** A ready process above `min` that nobody leased for this long is stopped. */
  idleTimeoutMs: number;
  initializeTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** This many crashes within `crashWindowMs` quarantine the deployment. */
  crashLimit: number;
  crashWindowMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Shareable components serve several sessions per process (their ids kept apart by the mux). */
  shareable: boolean;
  maxSessionsPerProcess: number;
}

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  min: 1,
  max: 16,
  idleTimeoutMs: 5 * 60_000,
  initializeTimeoutMs: 10_000,
  pingIntervalMs: 10_000,
  pingTimeoutMs: 5_000,
  crashLimit: 5,
  crashWindowMs: 60_000,
  backoffBaseMs: 250,
  backoffMaxMs: 30_000,
  shareable: false,
  maxSessionsPerProcess: 32,
};

export type PoolState = "running" | "quarantined" | "stopped";

export class PoolError extends Error {
  constructor(
    readonly reason: "quarantined" | "exhausted" | "stopped" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "PoolError";
  }
}

export interface PoolStatus {
  state: PoolState;
  settings: Pick<PoolSettings, "min" | "max">;
  ready: number;
  leased: number;
  starting: number;
  crashes: number;
  quarantine: { reason: string; stderr: string[] } | null;
}

/**
 * The processes of one deployment: keeps `min` initialized and ready, leases one per session,
 * replaces crashed or hung ones with exponential backoff, and quarantines the deployment when it
 * keeps crashing instead of restarting it forever. A returned process is retired, never handed to
 * another session, so no state crosses sessions.
 */
export class WarmPool {
  private readonly ready: McpUpstream[] = [];
  private readonly leased = new Set<McpUpstream>();
  private readonly starting = new Set<McpUpstream>();
  private spawning = 0;
  /** Sessions per leased process (one for non-shareable components). */
  private readonly sessions = new WeakMap<McpUpstream, number>();
  private readonly crashTimes: number[] = [];
  private consecutiveCrashes = 0;
  private state: PoolState = "running";
  private quarantine: PoolStatus["quarantine"] = null;
  private refillTimer: NodeJS.Timeout | undefined;
  private readonly healthTimer: NodeJS.Timeout;
  private readonly idleSince = new WeakMap<McpUpstream, number>();

  constructor(
    readonly label: string,
    private readonly spec: ProcessSpec,
    private settings: PoolSettings,
    private readonly log: Logger,
    private readonly spawn: (spec: ProcessSpec, label: string) => Promise<McpUpstream> = async (spec, label) => new McpUpstream(spec, label),
  ) {
    this.healthTimer = setInterval(() => this.checkHealth(), settings.pingIntervalMs);
    this.healthTimer.unref();
  }

  /** Starts the first `min` processes and resolves when one is ready (or fails to start). */
  async start(): Promise<void> {
    if (this.settings.min === 0) return;
    await this.startOne();
    this.refill();
  }

  /** A ready process for one session: warm when the pool has one, else started now. */
  async lease(): Promise<McpUpstream> {
    if (this.state === "quarantined") {
      throw new PoolError("quarantined", `deployment ${this.label} is quarantined: ${this.quarantine!.reason}; restart it from the fleet console`);
    }
    if (this.state === "stopped") throw new PoolError("stopped", `deployment ${this.label} is stopped`);
    if (this.settings.shareable) {
      const shared = this.leastLoadedShared();
      if (shared) {
        this.sessions.set(shared, (this.sessions.get(shared) ?? 0) + 1);
        return shared;
      }
    }
    let upstream = this.ready.shift();
    while (upstream && !upstream.alive) upstream = this.ready.shift();
    if (!upstream) {
      if (this.total >= this.settings.max) {
        throw new PoolError("exhausted", `deployment ${this.label} runs its maximum of ${this.settings.max} processes; retry shortly`);
      }
      upstream = await this.startOne(false);
    }
    upstream.state = "leased";
    this.leased.add(upstream);
    this.sessions.set(upstream, 1);
    this.refill();
    return upstream;
  }

  /** Ends a session's use of a process: it is stopped, and the pool refilled. */
  async release(upstream: McpUpstream, reason: string): Promise<void> {
    if (this.settings.shareable && upstream.alive && this.state === "running") {
      // A shared process outlives its sessions; with none left it waits in the pool again.
      const left = (this.sessions.get(upstream) ?? 1) - 1;
      this.sessions.set(upstream, left);
      if (left === 0 && this.leased.delete(upstream)) {
        upstream.state = "ready";
        this.idleSince.set(upstream, Date.now());
        this.ready.push(upstream);
      }
      return;
    }
    this.leased.delete(upstream);
    await upstream.stop(reason);
    this.refill();
  }

  scale(min: number, max: number): void {
    this.settings = { ...this.settings, min, max };
    this.refill();
    this.trimIdle(true);
  }

  /** Stops every process, forgets past crashes (ends a quarantine) and starts afresh. */
  async restart(): Promise<void> {
    await this.stopAll("restarted");
    this.crashTimes.length = 0;
    this.consecutiveCrashes = 0;
    this.quarantine = null;
    this.state = "running";
    await this.start();
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    clearInterval(this.healthTimer);
    await this.stopAll("the deployment was stopped");
  }

  processes(): McpUpstream[] {
    return [...this.ready, ...this.leased];
  }

  status(): PoolStatus {
    return {
      state: this.state,
      settings: { min: this.settings.min, max: this.settings.max },
      ready: this.ready.length,
      leased: this.leased.size,
      starting: this.starting.size + this.spawning,
      crashes: this.crashTimes.filter((at) => at >= Date.now() - this.settings.crashWindowMs).length,
      quarantine: this.quarantine,
    };
  }

  /** The leased process with the fewest sessions, while it has room for one more. */
  private leastLoadedShared(): McpUpstream | undefined {
    let best: McpUpstream | undefined;
    let fewest = this.settings.maxSessionsPerProcess;
    for (const upstream of this.leased) {
      const sessions = this.sessions.get(upstream) ?? 0;
      if (upstream.alive && sessions < fewest) {
        best = upstream;
        fewest = sessions;
      }
    }
    return best;
  }

  private get total(): number {
    return this.ready.length + this.leased.size + this.starting.size + this.spawning;
  }

  private async startOne(toReady = true): Promise<McpUpstream> {
    // Counted while it spawns (which may be refused at capacity), then while it initializes.
    this.spawning++;
    let upstream: McpUpstream;
    try {
      upstream = await this.spawn(this.spec, this.label);
    } finally {
      this.spawning--;
    }
    this.starting.add(upstream);
    upstream.onExit((exit) => this.exited(upstream, exit));
    try {
      await upstream.initialize(this.settings.initializeTimeoutMs);
    } catch (error) {
      throw new PoolError("failed", `deployment ${this.label} could not start a server: ${upstream.failure ?? (error as Error).message}${stderrTail(upstream)}`);
    } finally {
      this.starting.delete(upstream);
    }
    // Stopped or quarantined while this one started: it must not sit in a pool that no longer runs.
    if (this.state !== "running") {
      await upstream.stop(`the deployment is ${this.state}`);
      throw new PoolError(this.state === "quarantined" ? "quarantined" : "stopped", `deployment ${this.label} is ${this.state}`);
    }
    if (toReady) {
      // Started for a larger pool: scaled down meanwhile, there are enough ready without it.
      if (this.ready.length >= this.settings.min) {
        await upstream.stop("the pool was scaled down while it started");
        return upstream;
      }
      this.idleSince.set(upstream, Date.now());
      this.ready.push(upstream);
    }
    return upstream;
  }

  private exited(upstream: McpUpstream, exit: ProcessExit): void {
    const index = this.ready.indexOf(upstream);
    if (index !== -1) this.ready.splice(index, 1);
    this.leased.delete(upstream);
    // Stops we asked for are not crashes; everything else is (exit, signal, limit, hang).
    if (!upstream.crashed) return;
    if (this.state !== "running") return;
    const now = Date.now();
    this.crashTimes.push(now);
    while (this.crashTimes.length > 0 && this.crashTimes[0]! < now - this.settings.crashWindowMs) this.crashTimes.shift();
    this.consecutiveCrashes++;
    this.log.warn({ pid: upstream.process.pid, reason: exit.reason, stderr: upstream.process.stderr.tail(5) }, "server process crashed");
    if (this.crashTimes.length >= this.settings.crashLimit) {
      this.state = "quarantined";
      this.quarantine = {
        reason: `${this.crashTimes.length} crashes within ${Math.round(this.settings.crashWindowMs / 1000)} s, the last: ${exit.reason}`,
        stderr: upstream.process.stderr.tail(20),
      };
      this.log.error({ quarantine: this.quarantine }, "deployment quarantined");
      void this.stopAll("the deployment was quarantined");
      return;
    }
    this.refill();
  }

  /** Brings ready processes back up to `min`, after a backoff when processes have been crashing. */
  private refill(): void {
    if (this.state !== "running" || this.refillTimer) return;
    const missing = Math.min(this.settings.min - this.ready.length - this.starting.size, this.settings.max - this.total);
    if (missing <= 0) return;
    const delay =
      this.consecutiveCrashes === 0 ? 0 : Math.min(this.settings.backoffBaseMs * 2 ** (this.consecutiveCrashes - 1), this.settings.backoffMaxMs);
    this.refillTimer = setTimeout(() => {
      this.refillTimer = undefined;
      for (let i = 0; i < missing; i++) {
        this.startOne().then(
          () => this.refill(),
          (error: Error) => {
            this.log.warn({ err: error.message }, "could not start a server process");
          },
        );
      }
    }, delay);
    this.refillTimer.unref();
  }

  private checkHealth(): void {
    for (const upstream of this.processes()) {
      upstream.ping(this.settings.pingTimeoutMs).then(
        // A process that answers a health ping proves the deployment works: the backoff starts over.
        // (Not a completed initialize: a server that crashes right after it must still back off.)
        () => {
          this.consecutiveCrashes = 0;
        },
        (error: unknown) => {
          if (!upstream.alive || upstream.stopRequested) return;
          if (error instanceof UpstreamError) void upstream.fail(`hung: ${error.message}`);
        },
      );
    }
    this.trimIdle(false);
  }

  /** Stops ready processes above `min` that sat idle too long (all of them above min when forced). */
  private trimIdle(force: boolean): void {
    const cutoff = Date.now() - this.settings.idleTimeoutMs;
    while (this.ready.length > this.settings.min) {
      const oldest = this.ready[0]!;
      if (!force && (this.idleSince.get(oldest) ?? 0) > cutoff) break;
      this.ready.shift();
      void oldest.stop("idle");
    }
  }

  private async stopAll(reason: string): Promise<void> {
    clearTimeout(this.refillTimer);
    this.refillTimer = undefined;
    // Processes still starting too: left alone, they would end up ready in a pool that no longer runs.
    const all = [...this.processes(), ...this.starting];
    this.ready.length = 0;
    this.leased.clear();
    await Promise.all(all.map((upstream) => upstream.stop(reason)));
  }
}

function stderrTail(upstream: McpUpstream): string {
  // Enough lines to reach the message of a typical crash (Node ends one with the stack, the error
  // object's fields and its version, so the last 3 lines never said what went wrong); stack
  // frames and blank lines left out.
  const tail = upstream.process.stderr.tail(20).filter((line) => line.trim() !== "" && !/^\s+at /.test(line));
  return tail.length > 0 ? ` (stderr: ${tail.join(" | ")})` : "";
}
