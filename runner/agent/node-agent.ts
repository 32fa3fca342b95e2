import os from "node:os";
import type { Logger } from "pino";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { ENGINE_KEYS } from "../protocol/channels.ts";
import type { ProcessSpec } from "./process-spec.ts";
import { StdioProcess } from "./stdio-process.ts";

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
}

export interface NodeRecord {
  id: string;
  address: string;
  capacity: number;
  load: number;
  hostname: string;
  startedAt: string;
}

export class CapacityError extends Error {
  constructor(capacity: number) {
    super(`this node runs its maximum of ${capacity} processes; try again later`);
    this.name = "CapacityError";
  }
}

/**
 * A node agent: starts stdio MCP servers for the gateway, keeps track of them, and announces
 * itself in the engine with a heartbeat whose TTL lets a dead node disappear by itself.
 */
export class NodeAgent {
  readonly id: string;
  readonly metrics = new Registry();
  private readonly processes = new Map<string, StdioProcess>();
  private readonly startedAt = new Date().toISOString();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly spawned = new Counter({ name: "switchyard_agent_processes_started_total", help: "stdio processes started", registers: [this.metrics] });
  private readonly exits = new Counter({ name: "switchyard_agent_process_exits_total", help: "stdio processes that ended", labelNames: ["kind"], registers: [this.metrics] });

  constructor(private readonly options: NodeAgentOptions) {
    this.id = options.id ?? `${os.hostname()}-${process.pid}`;
    collectDefaultMetrics({ register: this.metrics, prefix: "switchyard_agent_" });
    const processes = this.processes;
    new Gauge({
      name: "switchyard_agent_processes",
      help: "stdio processes running now",
      registers: [this.metrics],
      collect() {
        this.set(processes.size);
      },
    });
  }

  get load(): number {
    return this.processes.size;
  }

  async start(): Promise<void> {
    await this.announce();
    const every = this.options.heartbeatMs ?? 1500;
    this.heartbeat = setInterval(() => {
      this.announce().catch((error: unknown) => this.options.log.warn({ err: error }, "agent heartbeat failed"));
    }, every);
    this.heartbeat.unref();
  }

  /** Starts a stdio server; the caller owns it and stops it with `process.stop()`. */
  spawn(spec: ProcessSpec, label: string): StdioProcess {
    if (this.processes.size >= this.options.capacity) throw new CapacityError(this.options.capacity);
    const child = new StdioProcess(spec);
    this.processes.set(child.id, child);
    this.spawned.inc();
    const log = this.options.log.child({ process: child.id, deployment: label });
    log.debug({ pid: child.pid }, "stdio process started");
    child.onStderr = (line) => log.debug({ stderr: line }, "stdio stderr");
    child.onExit = (exit) => {
      this.processes.delete(child.id);
      this.exits.inc({ kind: exit.reason === "stopped" || exit.reason.startsWith("session") ? "stopped" : "crashed" });
      log.info({ pid: child.pid, code: exit.code, signal: exit.signal, reason: exit.reason }, "stdio process ended");
    };
    return child;
  }

  health() {
    return {
      id: this.id,
      address: this.options.address,
      capacity: this.options.capacity,
      load: this.processes.size,
      processes: [...this.processes.values()].map((p) => ({ id: p.id, pid: p.pid, uptimeMs: Date.now() - p.startedAt })),
    };
  }

  /** Stops every process (SIGTERM, SIGKILL after the grace period) and leaves the engine. */
  async stop(graceMs = 2000): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.all([...this.processes.values()].map((p) => p.stop("stopped", graceMs)));
    await this.options.engine.delete(ENGINE_KEYS.node(this.id)).catch(() => {});
  }

  private async announce(): Promise<void> {
    const record: NodeRecord = {
      id: this.id,
      address: this.options.address,
      capacity: this.options.capacity,
      load: this.processes.size,
      hostname: os.hostname(),
      startedAt: this.startedAt,
    };
    await this.options.engine.set(ENGINE_KEYS.node(this.id), JSON.stringify(record), (this.options.heartbeatMs ?? 1500) * 3);
  }
}
