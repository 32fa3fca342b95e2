import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { ENGINE_KEYS } from "../protocol/channels.ts";
import { McpUpstream } from "./mcp-upstream.ts";
import { requiredEnvironmentOf } from "../protocol/contract/snapshot.ts";
import type { ProbeReport } from "../protocol/probe-report.ts";
import { probeContract } from "./probe/contract-probe.ts";
import { packageReadme } from "./probe/package-readme.ts";
import { procUsage } from "./proc-usage.ts";
import { type ServerJson, runtimeHintsOf } from "../protocol/server-json.ts";
import type { IsolationSupport } from "./isolation/detect.ts";
import { type Isolated, isolate } from "./isolation/isolate.ts";
import type { Limits } from "./isolation/limits.ts";
import { type ComponentStore, installedPackageDir } from "./component-store.ts";
import { type CommandRequest, commandProcessSpec } from "./local-command.ts";
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
  /** Limits and sandbox for every process; without it processes run bare (tests of the pool logic). */
  isolation?: AgentIsolation;
  /** Runs deployments that carry their own command (the bench's local stdio connections); only a local-mode agent does. */
  allowCommands?: boolean;
}

export interface AgentIsolation {
  support: IsolationSupport;
  limits: Limits;
  /** Private work dirs of sandboxed processes are made under it. */
  workRoot: string;
  /** Refuse untrusted components when the sandbox is missing (saas); local mode only warns. */
  requireSandbox: boolean;
}

export interface NodeRecord {
  id: string;
  address: string;
  capacity: number;
  load: number;
  isolation: string;
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
  /** A local user's own command instead of the manifest's package (local mode only, see allowCommands). */
  command?: CommandRequest;
}

interface SpawnContext {
  deploymentId: string;
  label: string;
  /** What the sandbox shows read-only: the package root's node_modules, and a linked workspace package. */
  readOnlyPaths: string[];
  network: boolean;
  maxConcurrency: number;
  callTimeoutMs: number;
  log: Logger;
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
  /** Calls sent to the process and not answered yet, and calls waiting for a slot. */
  inFlight: number;
  queued: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** How long a probed server may take to initialize or answer one list. */
const PROBE_TIMEOUT_MS = 15_000;

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
  private readonly deploying = new Map<string, Promise<PoolStatus>>();
  /** Processes being prepared (sandbox, cgroups) that already count against the capacity. */
  private reserved = 0;
  /** Work dirs and cgroups of ended processes being removed; stop() waits for them. */
  private readonly cleaning = new Set<Promise<void>>();
  /** Set by stop(): no process starts after it, or it would outlive the agent. */
  private stopping = false;
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
    new Gauge({ name: "switchyard_agent_capacity", help: "stdio processes this node may run", registers }).set(options.capacity);
    this.processMetrics(registers);
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

  /** Per-process figures, read from the live processes at each scrape; ended ones drop out. */
  private processMetrics(registers: Registry[]): void {
    // One /proc read per scrape, shared by the four gauges below.
    let snapshot = { at: 0, views: [] as ProcessView[] };
    const views = () => {
      if (Date.now() - snapshot.at > 500) snapshot = { at: Date.now(), views: this.processes() };
      return snapshot.views;
    };
    const figures: Array<[string, string, (p: ProcessView) => number | null]> = [
      ["switchyard_agent_process_rss_bytes", "resident memory of a server process and its children", (p) => p.rssBytes],
      ["switchyard_agent_process_cpu_seconds", "CPU time used by a server process and its children", (p) => p.cpuSeconds],
      ["switchyard_agent_process_calls", "calls answered by a server process", (p) => p.calls],
      ["switchyard_agent_process_errors", "calls a server process answered with an error, or did not answer", (p) => p.errors],
    ];
    for (const [name, help, read] of figures) {
      new Gauge({
        name,
        help,
        labelNames: ["deployment", "process"],
        registers,
        collect() {
          this.reset();
          for (const view of views()) {
            const value = read(view);
            if (value !== null) this.set({ deployment: view.deployment, process: view.id }, value);
          }
        },
      });
    }
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
  deploy(deployment: DeploymentRequest): Promise<PoolStatus> {
    const deploying = this.startPool(deployment).finally(() => this.deploying.delete(deployment.id));
    this.deploying.set(deployment.id, deploying);
    return deploying;
  }

  private async startPool(deployment: DeploymentRequest): Promise<PoolStatus> {
    const { spec, readOnlyPaths } = await this.processSpec(deployment);
    const hints = runtimeHintsOf(deployment.manifest);
    const log = this.options.log.child({ deployment: deployment.name });
    this.checkTrust(deployment, hints.trust, log);
    await this.undeploy(deployment.id);
    const settings = {
      ...DEFAULT_POOL_SETTINGS,
      ...this.options.poolDefaults,
      shareable: hints.shareable,
      maxSessionsPerProcess: hints.maxSessionsPerProcess,
      ...deployment.pool,
    };
    const context: SpawnContext = { deploymentId: deployment.id, label: deployment.name, readOnlyPaths, network: hints.network, maxConcurrency: hints.maxConcurrency, callTimeoutMs: hints.callTimeoutSeconds * 1000, log };
    const pool = new WarmPool(deployment.name, spec, settings, log, (processSpec) => this.spawn(processSpec, context));
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

  /**
   * What publishing a component version needs to know: installs its package, starts it in the
   * sandbox once per MCP revision and records its contract. Failures are reported, not thrown, so
   * the publisher sees why (and the server's stderr).
   */
  async probe(request: { manifest: ServerJson; values: DeploymentValues }): Promise<ProbeReport> {
    const { manifest, values } = request;
    const probeId = `probe-${randomUUID()}`;
    const log = this.options.log.child({ probe: manifest.name, version: manifest.version });
    const hints = runtimeHintsOf(manifest);
    let prepared: { spec: ProcessSpec; root: string; readOnlyPaths: string[] };
    try {
      prepared = await this.processSpec({ id: probeId, name: manifest.name, manifest, values });
      this.checkTrust({ id: probeId, name: manifest.name, manifest, values }, hints.trust, log);
    } catch (error) {
      return { ok: false, failure: (error as Error).message, stderrTail: [], revisions: [] };
    }
    const pkg = manifest.packages!.find((p) => p.registryType === "npm" && p.transport.type === "stdio")!;
    const context: SpawnContext = { deploymentId: probeId, label: "probe", readOnlyPaths: prepared.readOnlyPaths, network: hints.network, maxConcurrency: 8, callTimeoutMs: 30_000, log };
    const report = await probeContract({
      start: () => this.spawn(prepared.spec, context),
      requiredEnvironment: requiredEnvironmentOf(pkg),
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    return { ...report, readme: packageReadme(pkg.identifier, prepared.root) };
  }

  async undeploy(deploymentId: string): Promise<void> {
    const entry = this.pools.get(deploymentId);
    if (!entry) return;
    this.pools.delete(deploymentId);
    await entry.pool.stop();
  }

  /** A ready, initialized process for one session, deploying on first use. */
  async lease(deployment: DeploymentRequest): Promise<McpUpstream> {
    // Sessions that arrive while a deployment starts wait for its warm processes.
    const deploying = this.deploying.get(deployment.id);
    if (deploying) await deploying;
    else if (!this.pools.has(deployment.id)) await this.deploy(deployment);
    const entry = this.pools.get(deployment.id);
    if (!entry) throw new LaunchError(`deployment ${deployment.name} was stopped while starting`);
    return entry.pool.lease();
  }

  async release(deploymentId: string, upstream: McpUpstream, reason: string): Promise<void> {
    const entry = this.pools.get(deploymentId);
    if (entry) await entry.pool.release(upstream, reason);
    else await upstream.stop(reason);
  }

  /** A process leased to a session, by its id: how another gateway finds a session's process. */
  leasedProcess(processId: string): McpUpstream | undefined {
    for (const upstream of this.running) if (upstream.process.id === processId && upstream.state === "leased") return upstream;
    return undefined;
  }

  /** The deployment a process belongs to. */
  deploymentOf(upstream: McpUpstream): string | undefined {
    for (const { deployment, pool } of this.pools.values()) if (pool.processes().includes(upstream)) return deployment.id;
    return undefined;
  }

  /** Gives a leased process back to its deployment's pool, by id; nothing happens for one that is gone. */
  async releaseProcess(deploymentId: string, processId: string, reason: string): Promise<void> {
    const upstream = this.leasedProcess(processId);
    if (upstream) await this.release(deploymentId, upstream, reason);
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
      isolation: this.options.isolation ? { level: this.options.isolation.support.level, notes: this.options.isolation.support.notes, limits: this.options.isolation.limits } : { level: "none" },
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
        inFlight: upstream.mux.inFlight,
        queued: upstream.mux.queuedCalls,
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
    this.stopping = true;
    clearInterval(this.heartbeat);
    await Promise.all(this.deployments().map(({ pool }) => pool.stop()));
    await Promise.all([...this.running].map((upstream) => upstream.stop("the agent is stopping", graceMs)));
    await Promise.all(this.cleaning);
    await this.options.engine.delete(ENGINE_KEYS.node(this.id)).catch(() => {});
  }

  private async processSpec(deployment: DeploymentRequest): Promise<{ spec: ProcessSpec; root: string; readOnlyPaths: string[] }> {
    if (deployment.command) {
      if (!this.options.allowCommands) throw new LaunchError(`deployment ${deployment.name} carries its own command, which only a local-mode agent runs`);
      return { ...commandProcessSpec(deployment.command, deployment.values, os.tmpdir()), root: os.tmpdir() };
    }
    const pkg = deployment.manifest.packages?.find((p) => p.registryType === "npm" && p.transport.type === "stdio");
    if (!pkg) throw new LaunchError(`${deployment.manifest.name} has no npm package with the stdio transport`);
    const root = await this.options.store.ensure(pkg.identifier, pkg.version);
    const modules = path.join(root, "node_modules");
    // A workspace package is linked from node_modules to its folder in the project; the sandbox shows that folder too.
    const packageDir = installedPackageDir(root, pkg.identifier);
    const readOnlyPaths = packageDir && !packageDir.startsWith(modules + path.sep) ? [modules, packageDir] : [modules];
    return { spec: processSpecFromManifest(deployment.manifest, deployment.values, root), root, readOnlyPaths };
  }

  /** Untrusted components need the sandbox; where it is missing, saas refuses and local mode warns. */
  private checkTrust(deployment: DeploymentRequest, trust: "trusted" | "untrusted", log: Logger): void {
    const isolation = this.options.isolation;
    if (trust === "trusted" || !isolation || isolation.support.level === "sandbox") return;
    const what = `${deployment.name} (${deployment.manifest.name}) is untrusted, and this node has no sandbox (isolation: ${isolation.support.level})`;
    if (isolation.requireSandbox) throw new LaunchError(`${what}: install bubblewrap on the node, or mark the component trusted`);
    log.warn({ isolation: isolation.support.level }, `${what}; running it anyway because this is local mode`);
  }

  private async spawn(spec: ProcessSpec, context: SpawnContext): Promise<McpUpstream> {
    const { label, log } = context;
    if (this.stopping) throw new LaunchError("the agent is stopping");
    if (this.running.size + this.reserved >= this.options.capacity) throw new CapacityError(this.options.capacity);
    this.reserved++;
    let isolated: Isolated | undefined;
    try {
      isolated = await this.isolate(spec, context);
    } finally {
      this.reserved--;
    }
    // A pool refilling as the agent stops (Ctrl-C reaches the servers too, and their exits look
    // like crashes) must not start a process that stop() has already counted out.
    if (this.stopping) {
      await isolated?.cleanup();
      throw new LaunchError("the agent is stopping");
    }
    const upstream = new McpUpstream(isolated?.spec ?? spec, label);
    upstream.mux.maxInFlight = context.maxConcurrency;
    upstream.mux.callTimeoutMs = context.callTimeoutMs;
    if (isolated) {
      upstream.onExit(() => {
        const cleaning = isolated.cleanup().catch((error: unknown) => log.warn({ err: error }, "could not clean up after a process"));
        this.cleaning.add(cleaning);
        void cleaning.finally(() => this.cleaning.delete(cleaning));
      });
    }
    this.running.add(upstream);
    this.started.inc({ deployment: label });
    const pid = upstream.process.pid;
    log.debug({ pid }, "stdio process started");
    // Servers write diagnostics to stderr, not per call: kept in the ring and in the log.
    upstream.process.onStderr = (line) => log.info({ pid, stderr: line }, "server stderr");
    // The labelled child is looked up once per process, not per call (label hashing showed in profiles).
    const calls = this.callSeconds.labels({ deployment: label });
    upstream.onCall = (ms) => calls.observe(ms / 1000);
    upstream.onExit((exit) => {
      this.running.delete(upstream);
      this.exits.inc({ deployment: label, kind: upstream.crashed ? "crashed" : "stopped" });
      log.info({ pid, code: exit.code, signal: exit.signal, reason: exit.reason }, "stdio process ended");
    });
    return upstream;
  }

  /** Wraps a spec in the node's limits and sandbox, with a private work dir per process. */
  private async isolate(spec: ProcessSpec, context: SpawnContext): Promise<Isolated | undefined> {
    const isolation = this.options.isolation;
    if (!isolation) return undefined;
    const processId = randomUUID();
    const workDir = path.join(isolation.workRoot, context.deploymentId, processId);
    await fs.mkdir(workDir, { recursive: true, mode: 0o700 });
    const removeWorkDir = () => fs.rm(workDir, { recursive: true, force: true });
    try {
      const isolated = await isolate(spec, {
        support: isolation.support,
        limits: isolation.limits,
        sandbox: { workDir, readOnlyPaths: context.readOnlyPaths, network: context.network },
        groupName: processId,
      });
      return {
        ...isolated,
        cleanup: async () => {
          await isolated.cleanup();
          await removeWorkDir();
        },
      };
    } catch (error) {
      await removeWorkDir();
      throw error;
    }
  }

  private async announce(): Promise<void> {
    const record: NodeRecord = {
      id: this.id,
      address: this.options.address,
      capacity: this.options.capacity,
      load: this.running.size,
      isolation: this.options.isolation?.support.level ?? "none",
      hostname: os.hostname(),
      startedAt: this.startedAt,
    };
    await this.options.engine.set(ENGINE_KEYS.node(this.id), JSON.stringify(record), (this.options.heartbeatMs ?? 1500) * 3);
  }
}
