import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { ProcessSpec } from "./process-spec.ts";
import { leafDescendants } from "./proc-usage.ts";
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

  private readonly child: ChildProcess;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private outgoing = "";
  private flushScheduled = false;
  private killReason: string | undefined;

  constructor(spec: ProcessSpec) {
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (chunk: Buffer) => this.onStdout(chunk));
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (chunk: string) => {
      for (const line of this.stderr.push(chunk)) this.onStderr(line);
    });
    this.child.stdin!.on("error", () => {
      // EPIPE when the child has died; its exit is reported through onExit.
    });
    this.child.on("error", (error) => this.finish(null, null, `could not start: ${error.message}`));
    // "exit" can come before the last output is read; "close" waits for the pipes, but a
    // grandchild holding them open could delay it forever, so it gets a short grace.
    this.child.on("exit", (code, signal) => {
      const timer = setTimeout(() => this.finish(code, signal), 200);
      this.child.once("close", () => {
        clearTimeout(timer);
        this.finish(code, signal);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
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
    if (this.outgoing === "" || !this.alive) return;
    const text = this.outgoing;
    this.outgoing = "";
    this.child.stdin!.write(text);
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
    this.child.stdin!.end();
    // A sandboxed server runs under bwrap: asking the server itself to stop lets each bwrap exit
    // and reap its child in turn. Killing bwrap first would leave its children to an init that
    // may never reap them.
    const leaves = this.child.pid === undefined ? [] : leafDescendants(this.child.pid);
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
    const why =
      reason ?? this.killReason ?? (signal ? `killed by ${signal}` : `exited with code ${code ?? "unknown"}`);
    this.exited = { code, signal, reason: why };
    this.onExit(this.exited);
  }
}
