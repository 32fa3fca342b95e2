import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { ProcessSpec } from "./process-spec.ts";
import { leafDescendants } from "./proc-usage.ts";
import { type ChildExit, type ChildPipes, type LaunchedChild, spawner } from "./spawner/spawner.ts";
import { StderrRing } from "./stderr-ring.ts";

/** Largest single JSON-RPC line accepted from a server; past it the process is killed. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  reason: string;
}

/**
 * One stdio MCP server: newline-delimited JSON-RPC on stdin/stdout, stderr kept in a ring.
 * Lines are passed on as strings; parsing is left to whoever routes them.
 */
export class StdioProcess {
  readonly id = randomUUID();
  readonly stderr = new StderrRing();
  readonly startedAt = Date.now();
  onLine: (line: string) => void = () => {};
  onStderr: (line: string) => void = () => {};
  onExit: (exit: ProcessExit) => void = () => {};
  exited: ProcessExit | undefined;

  private readonly child: LaunchedChild;
  private childPid: number | undefined;
  private stdin: Socket | undefined;
  private outputs: Socket[] = [];
  private outputClosed: (() => void) | undefined;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private outgoing = "";
  private flushScheduled = false;
  private killReason: string | undefined;

  /** Starts the process; messages sent before it is up are queued for it. */
  constructor(spec: ProcessSpec) {
    this.child = spawner.launch(spec, {
      started: (pipes, pid) => this.started(pipes, pid),
      ended: (exit) => this.ended(exit),
    });
  }

  /** Undefined until the process has started (the spawner starts it a few milliseconds later). */
  get pid(): number | undefined {
    return this.childPid;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /**
   * Queues one message for stdin; returns false once the process is gone. Everything queued in
   * one turn of the event loop goes out in a single write: under load, a write per message made
   * the pipe's write syscall and the child's wake-up the gateway's largest cost per call.
   * How much may be queued is bounded upstream (the session mux's limit on calls in flight).
   */
  send(line: string): boolean {
    if (!this.alive) return false;
    this.outgoing += line + "\n";
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
    return true;
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.outgoing === "" || !this.alive || !this.stdin) return;
    const text = this.outgoing;
    this.outgoing = "";
    this.stdin.write(text);
  };

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(reason = "stopped", graceMs = 2000): Promise<void> {
    if (!this.alive) return;
    this.killReason = reason;
    const gone = new Promise<void>((resolve) => {
      const previous = this.onExit;
      this.onExit = (exit) => {
        previous(exit);
        resolve();
      };
    });
    this.flush();
    this.stdin?.end();
    // A sandboxed server runs under bwrap: asking the server itself to stop lets each bwrap exit
    // and reap its child in turn. Killing bwrap first would leave its children to an init that
    // may never reap them.
    const leaves = this.childPid === undefined ? [] : leafDescendants(this.childPid);
    if (leaves.length === 0) this.child.kill("SIGTERM");
    for (const pid of leaves) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }

  private started({ stdout, stderr, stdin }: ChildPipes, pid: number): void {
    this.childPid = pid;
    this.stdin = stdin;
    this.outputs = [stdout, stderr];
    stdin?.on("error", () => {
      // EPIPE when the child has died; its exit is reported through onExit.
    });
    stdout.on("data", (chunk: Buffer) => this.onStdout(chunk));
    stderr.setEncoding("utf8");
    stderr.on("data", (chunk: string) => {
      for (const line of this.stderr.push(chunk)) this.onStderr(line);
    });
    for (const output of this.outputs) {
      output.on("error", () => {
        // A reset when the child dies; its exit is reported through onExit.
      });
      output.once("close", () => this.outputClosed?.());
    }
    this.flush();
    if (this.killReason !== undefined) stdin?.end();
  }

  /**
   * The exit can come before the last output is read, so the end of stdout and stderr is waited
   * for; but a grandchild holding them open could delay that forever, so it gets a short grace.
   */
  private ended(exit: ChildExit): void {
    const open = () => this.outputs.some((output) => !output.closed);
    if (exit.reason !== undefined || !open()) {
      this.finish(exit.code, exit.signal, exit.reason);
      return;
    }
    const timer = setTimeout(() => this.finish(exit.code, exit.signal), 200);
    this.outputClosed = () => {
      if (open()) return;
      clearTimeout(timer);
      this.finish(exit.code, exit.signal);
    };
  }

  private onStdout(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(10);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline);
      const line = this.bufferedBytes > 0 ? Buffer.concat([...this.buffered, piece]).toString("utf8") : piece.toString("utf8");
      this.buffered = [];
      this.bufferedBytes = 0;
      if (line.trim() !== "") this.onLine(line);
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      this.buffered.push(chunk.subarray(start));
      this.bufferedBytes += chunk.length - start;
      if (this.bufferedBytes > MAX_LINE_BYTES) {
        this.buffered = [];
        this.bufferedBytes = 0;
        void this.stop(`wrote a line longer than ${MAX_LINE_BYTES} bytes`);
      }
    }
  }

  private finish(code: number | null, signal: NodeJS.Signals | null, reason?: string): void {
    if (this.exited) return;
    this.stdin?.destroy();
    for (const output of this.outputs) output.destroy();
    const why =
      reason ?? this.killReason ?? (signal ? `killed by ${signal}` : `exited with code ${code ?? "unknown"}`);
    this.exited = { code, signal, reason: why };
    this.onExit(this.exited);
  }
}
