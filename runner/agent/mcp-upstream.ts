import { LATEST_SESSION_PROTOCOL_VERSION } from "../protocol/mcp-versions.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { LatencyWindow } from "./latency-window.ts";
import { type SessionPort, SessionMux } from "./session-mux.ts";
import type { ProcessSpec } from "./process-spec.ts";
import { type ProcessExit, StdioProcess } from "./stdio-process.ts";

/**
 * Ids of the agent's own requests (initialize, ping) start with a NUL character, which JSON
 * carries as the escape \u0000: no real client uses such ids, and a reply to one of ours is
 * found with a substring test on the raw line, without parsing every message.
 */
export const OWN_ID_PREFIX = "\u0000sy:";
const OWN_ID_MARK = '"\\u0000sy:';

export type UpstreamState = "starting" | "ready" | "leased" | "stopping" | "exited";

export class UpstreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamError";
  }
}

export interface UpstreamStats {
  calls: number;
  errors: number;
  latency: LatencyWindow;
}

/**
 * One stdio MCP server that the agent has initialized itself, so a session can start on it
 * without waiting: the client's own initialize is answered from `initializeResult`.
 */
export class McpUpstream implements UpstreamHandle {
  readonly process: StdioProcess;
  readonly stats: UpstreamStats = { calls: 0, errors: 0, latency: new LatencyWindow() };
  state: UpstreamState = "starting";
  initializeResult: Record<string, unknown> | undefined;
  /** Why the agent gave up on this process (no initialize, no ping answer), if it did. */
  failure: string | undefined;
  /** Set once someone asked the process to stop: its exit is then expected, not a crash. */
  stopRequested = false;
  /** Routes messages between this process and the sessions using it. */
  readonly mux: SessionMux = new SessionMux(this);
  /** Observes each answered call (the agent feeds its per-deployment histogram from it). */
  onCall: (ms: number, failed: boolean) => void = () => {};
  private readonly exitListeners = new Set<(exit: ProcessExit) => void>();
  private readonly waiting = new Map<string, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private nextOwnId = 0;

  constructor(spec: ProcessSpec, readonly label: string) {
    this.process = new StdioProcess(spec);
    this.process.onLine = (line) => this.route(line);
    this.process.onExit = (exit) => {
      this.state = "exited";
      this.mux.failAll(`the MCP server process ${exit.reason}`);
      for (const pending of this.waiting.values()) pending.reject(new UpstreamError(`the server process ${exit.reason}`));
      this.waiting.clear();
      for (const listener of this.exitListeners) listener(exit);
    };
  }

  attach(): SessionPort {
    return this.mux.attach();
  }

  /** Calls `listener` when the process ends; the returned function stops that. */
  onExit(listener: (exit: ProcessExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Performs the MCP handshake; rejects (and stops the process) when it does not complete in time. */
  async initialize(timeoutMs: number, protocolVersion: string = LATEST_SESSION_PROTOCOL_VERSION): Promise<void> {
    try {
      this.initializeResult = (await this.request(
        "initialize",
        {
          protocolVersion,
          capabilities: { roots: { listChanged: true }, sampling: {}, elicitation: {} },
          clientInfo: { name: "switchyard-agent", version: "0.1.0" },
        },
        timeoutMs,
      )) as Record<string, unknown>;
    } catch (error) {
      await this.fail(`did not complete initialize: ${(error as Error).message}`);
      throw error;
    }
    this.process.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    this.state = "ready";
  }

  ping(timeoutMs: number): Promise<unknown> {
    return this.request("ping", undefined, timeoutMs);
  }

  recordCall(ms: number, failed: boolean): void {
    this.stats.calls++;
    if (failed) this.stats.errors++;
    this.stats.latency.record(ms);
    this.onCall(ms, failed);
  }

  send(line: string): boolean {
    return this.process.send(line);
  }

  get alive(): boolean {
    return this.process.alive;
  }

  /** Stops a process that is broken rather than no longer needed: its pool counts it as a crash. */
  fail(reason: string): Promise<void> {
    this.failure ??= reason;
    return this.stop(reason);
  }

  /** True when the process ended on its own or was given up on: what a pool counts as a crash. */
  get crashed(): boolean {
    return !this.stopRequested || this.failure !== undefined;
  }

  async stop(reason: string, graceMs?: number): Promise<void> {
    this.stopRequested = true;
    if (this.state !== "exited") this.state = "stopping";
    await this.process.stop(reason, graceMs);
  }

  /** A request of the agent's own (not a session's): its result, or an UpstreamError. */
  request(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    const id = `${OWN_ID_PREFIX}${this.nextOwnId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new UpstreamError(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      if (!this.process.send(JSON.stringify(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params }))) {
        if (!this.process.alive) this.waiting.get(id)?.reject(new UpstreamError(`the server process ${this.process.exited?.reason ?? "is gone"}`));
      }
    });
  }

  private route(line: string): void {
    if (line.includes(OWN_ID_MARK)) {
      let message: { id?: unknown; result?: unknown; error?: { message?: string } };
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof message.id === "string" && message.id.startsWith(OWN_ID_PREFIX)) {
        const pending = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.error) pending?.reject(new UpstreamError(message.error.message ?? "error"));
        else pending?.resolve(message.result);
        return;
      }
    }
    this.mux.fromServer(line);
  }
}
