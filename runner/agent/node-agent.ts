import os from "node:os";
import type { Logger } from "pino";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { ENGINE_KEYS } from "../protocol/channels.ts";
import { McpUpstream } from "./mcp-upstream.ts";
import { procUsage } from "./proc-usage.ts";
import type { ServerJson } from "../protocol/server-json.ts";
import type { ComponentStore } from "./component-store.ts";
import { type DeploymentValues, LaunchError, type ProcessSpec, processSpecFromManifest } from "./process-spec.ts";
import { DEFAULT_POOL_SETTINGS, type PoolSettings, type PoolStatus, WarmPool } from "./warm-pool.ts";

/** The part of the engine an agent needs (see server/engine/engine.ts). */
export interface AgentEngine {
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface NodeAgentOptions {
  id?: string;
  address: string;
  capacity: number;
  engine: AgentEngine;
  log: Logger;
  heartbeatMs?: number;
  /** Pool settings for deployments that do not set their own. */
  poolDefaults?: Partial<PoolSettings>;
  /** Where components' npm packages are installed at deploy time. */
  store: ComponentStore;
}

export interface NodeRecord {
  id: string;
  address: string;
  capacity: number;
  load: number;
  hostname: string;
  startedAt: string;
}

/** What a node needs to run a deployment: the component's manifest and the deployment's values. */
export interface DeploymentRequest {
  id: string;
  name: string;
  manifest: ServerJson;
  values: DeploymentValues;
  pool?: Partial<PoolSettings>;
}

export interface ProcessView {
  id: string;
  deploymentId: string | null;
  deployment: string;
  pid: number | null;
  state: string;
  uptimeMs: number;
  rssBytes: number | null;
  cpuSeconds: number | null;
  calls: number;
  errors: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export class CapacityError extends Error {
  constructor(capacity: number) {
    super(`this node runs its maximum of ${capacity} processes; try again later`);
    this.name = "CapacityError";
  }
}

/**
 * A node agent: keeps a warm pool of initialized stdio MCP servers per deployment, leases them
 * to sessions, and announces itself in the engine with a heartbeat whose TTL lets a dead node
 * disappear by itself.
 */
export class NodeAgent {
  readonly id: string;
  readonly metrics = new Registry();
  private readonly pools = new Map<string, { deployment: DeploymentRequest; pool: WarmPool }>();
  private readonly running = new Set<McpUpstream>();
  private readonly startedAt = new Date().toISOString();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly started: Counter<"deployment">;
  private readonly exits: Counter<"deployment" | "kind">;
  readonly callSeconds: Histogram<"deployment">;

  constructor(private readonly options: NodeAgentOptions) {
    this.id = options.id ?? `${os.hostname()}-${process.pid}`;
    const registers = [this.metrics];
    collectDefaultMetrics({ register: this.metrics, prefix: "switchyard_agent_" });
    this.started = new Counter({ name: "switchyard_agent_processes_started_total", help: "stdio processes started", labelNames: ["deployment"], registers });
    this.exits = new Counter({ name: "switchyard_agent_process_exits_total", help: "stdio processes that ended, by kind (stopped, crashed)", labelNames: ["deployment", "kind"], registers });
    this.callSeconds = new Histogram({ name: "switchyard_agent_call_seconds", help: "time from a request to its reply, per deployment", labelNames: ["deployment"], registers, buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30] });
    const running = this.running;
    const pools = this.pools;
    new Gauge({ name: "switchyard_agent_processes", help: "stdio processes running now", registers, collect() { this.set(running.size); } });
    new Gauge({
      name: "switchyard_agent_pool_processes",
      help: "processes per deployment and state",
      labelNames: ["deployment", "state"],
      registers,
      collect() {
        this.reset();
        for (const { deployment, pool } of pools.values()) {
          const status = pool.status();
          this.set({ deployment: deployment.name, state: "ready" }, status.ready);
          this.set({ deployment: deployment.name, state: "leased" }, status.leased);
          this.set({ deployment: deployment.name, state: "starting" }, status.starting);
        }
      },
    });
  }

  get load(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    await this.announce();
    const every = this.options.heartbeatMs ?? 1500;
    this.heartbeat = setInterval(() => {
      this.announce().catch((error: unknown) => this.options.log.warn({ err: error }, "agent heartbeat failed"));
    }, every);
    this.heartbeat.unref();
  }

  /**
   * Makes a deployment ready here: installs its package into the component store, turns the
   * manifest into a process spec and starts `min` processes now, so a broken component fails at
   * deploy time, not at its first call. Deploying again replaces the pool.
   */
  async deploy(deployment: DeploymentRequest): Promise<PoolStatus> {
    const spec = await this.processSpec(deployment);
    await this.undeploy(deployment.id);
    const settings = { ...DEFAULT_POOL_SETTINGS, ...this.options.poolDefaults, ...deployment.pool };
    const log = this.options.log.child({ deployment: deployment.name });
    const pool = new WarmPool(deployment.name, spec, settings, log, (processSpec, label) => this.spawn(processSpec, label, log));
    this.pools.set(deployment.id, { deployment, pool });
    try {
      await pool.start();
    } catch (error) {
      this.pools.delete(deployment.id);
      await pool.stop();
      throw error;
    }
    return pool.status();
  }

  async undeploy(deploymentId: string): Promise<void> {
    const entry = this.pools.get(deploymentId);
    if (!entry) return;
    this.pools.delete(deploymentId);
    await entry.pool.stop();
  }

  /** A ready, initialized process for one session, deploying on first use. */
  async lease(deployment: DeploymentRequest): Promise<McpUpstream> {
    if (!this.pools.has(deployment.id)) await this.deploy(deployment);
    return this.pools.get(deployment.id)!.pool.lease();
  }

  async release(deploymentId: string, upstream: McpUpstream, reason: string): Promise<void> {
    const entry = this.pools.get(deploymentId);
    if (entry) await entry.pool.release(upstream, reason);
    else await upstream.stop(reason);
  }

  pool(deploymentId: string): WarmPool | undefined {
    return this.pools.get(deploymentId)?.pool;
  }

  deployments(): Array<{ deployment: DeploymentRequest; pool: WarmPool }> {
    return [...this.pools.values()];
  }

  health() {
    return {
      id: this.id,
      address: this.options.address,
      capacity: this.options.capacity,
      load: this.running.size,
      deployments: this.deployments().map(({ deployment, pool }) => ({ id: deployment.id, name: deployment.name, ...pool.status() })),
      processes: this.processes(),
    };
  }

  /** Every process with its state and figures, for the fleet page and the control API. */
  processes(): ProcessView[] {
    const deploymentOf = new Map<McpUpstream, string>();
    for (const { deployment, pool } of this.pools.values()) for (const upstream of pool.processes()) deploymentOf.set(upstream, deployment.id);
    return [...this.running].map((upstream) => {
      const usage = procUsage(upstream.process.pid);
      return {
        id: upstream.process.id,
        deploymentId: deploymentOf.get(upstream) ?? null,
        deployment: upstream.label,
        pid: upstream.process.pid ?? null,
        state: upstream.state,
        uptimeMs: Date.now() - upstream.process.startedAt,
        rssBytes: usage?.rssBytes ?? null,
        cpuSeconds: usage?.cpuSeconds ?? null,
        calls: upstream.stats.calls,
        errors: upstream.stats.errors,
        p50Ms: upstream.stats.latency.percentile(50),
        p99Ms: upstream.stats.latency.percentile(99),
      };
    });
  }

  /** The last stderr lines of one process, by its id. */
  stderr(processId: string, lines = 100): string[] | undefined {
    for (const upstream of this.running) if (upstream.process.id === processId) return upstream.process.stderr.tail(lines);
    return undefined;
  }

  /** Stops every pool and process (SIGTERM, SIGKILL after the grace period) and leaves the engine. */
  async stop(graceMs = 2000): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.all(this.deployments().map(({ pool }) => pool.stop()));
    await Promise.all([...this.running].map((upstream) => upstream.stop("the agent is stopping", graceMs)));
    await this.options.engine.delete(ENGINE_KEYS.node(this.id)).catch(() => {});
  }

  private async processSpec(deployment: DeploymentRequest): Promise<ProcessSpec> {
    const pkg = deployment.manifest.packages?.find((p) => p.registryType === "npm" && p.transport.type === "stdio");
    if (!pkg) throw new LaunchError(`${deployment.manifest.name} has no npm package with the stdio transport`);
    const root = await this.options.store.ensure(pkg.identifier, pkg.version);
    return processSpecFromManifest(deployment.manifest, deployment.values, root);
  }

  private spawn(spec: ProcessSpec, label: string, log: Logger): McpUpstream {
    if (this.running.size >= this.options.capacity) throw new CapacityError(this.options.capacity);
    const upstream = new McpUpstream(spec, label);
    this.running.add(upstream);
    this.started.inc({ deployment: label });
    const pid = upstream.process.pid;
    log.debug({ pid }, "stdio process started");
    upstream.process.onStderr = (line) => log.debug({ pid, stderr: line }, "stdio stderr");
    upstream.onCall = (ms) => this.callSeconds.observe({ deployment: label }, ms / 1000);
    upstream.onExit((exit) => {
      this.running.delete(upstream);
      this.exits.inc({ deployment: label, kind: upstream.crashed ? "crashed" : "stopped" });
      log.info({ pid, code: exit.code, signal: exit.signal, reason: exit.reason }, "stdio process ended");
    });
    return upstream;
  }

  private async announce(): Promise<void> {
    const record: NodeRecord = {
      id: this.id,
      address: this.options.address,
      capacity: this.options.capacity,
      load: this.running.size,
      hostname: os.hostname(),
      startedAt: this.startedAt,
    };
    await this.options.engine.set(ENGINE_KEYS.node(this.id), JSON.stringify(record), (this.options.heartbeatMs ?? 1500) * 3);
  }
}
