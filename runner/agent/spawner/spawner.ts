import { type ChildProcess, fork } from "node:child_process";
import type { Socket } from "node:net";
import path from "node:path";
import type { ProcessSpec } from "../process-spec.ts";
import type { FromSpawner, ToSpawner } from "./spawner-messages.ts";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process never started or was lost with the spawner. */
  reason?: string;
}

/**
 * What a launched process reports; `started` comes first unless the process never starts. Its
 * stdin is missing when the process exited before the socket could be handed over.
 */
export interface LaunchListener {
  started(pipes: ChildPipes, pid: number): void;
  ended(exit: ChildExit): void;
}

export interface ChildPipes {
  stdout: Socket;
  stderr: Socket;
  stdin: Socket | undefined;
}

export interface LaunchedChild {
  kill(signal: NodeJS.Signals): void;
}

const SPAWNER_MAIN = path.join(import.meta.dirname, "spawner-main.mjs");
const PROJECT_ROOT = path.resolve(import.meta.dirname, "../../..");

class Launch implements LaunchedChild {
  pid: number | undefined;
  readonly pipes: Partial<ChildPipes> = {};

  constructor(
    readonly ref: number,
    readonly listener: LaunchListener,
    private readonly spawner: Spawner,
  ) {}

  kill(signal: NodeJS.Signals): void {
    this.spawner.kill(this, signal);
  }
}

/**
 * Starts stdio server processes from a small helper process instead of this one. Node 20's libuv
 * starts a child with fork(), which copies the page tables of the whole process while its event
 * loop waits: 20–28 ms in a ~1 GiB gateway, during which every session on it stalls. The helper
 * is small, so its forks are short, and they stall only the helper. It passes each child's stdio
 * sockets back over its IPC channel, so messages flow between the agent and the server
 * directly, as before.
 */
export class Spawner {
  private helper: ChildProcess | undefined;
  private ready = false;
  private queued: ToSpawner[] = [];
  private readonly launches = new Map<number, Launch>();
  private nextRef = 0;

  launch(spec: ProcessSpec, listener: LaunchListener): LaunchedChild {
    const launch = new Launch(++this.nextRef, listener, this);
    this.launches.set(launch.ref, launch);
    this.post({ op: "spawn", ref: launch.ref, command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd });
    this.holdLoop();
    return launch;
  }

  kill(launch: Launch, signal: NodeJS.Signals): void {
    if (this.launches.get(launch.ref) === launch) this.post({ op: "kill", ref: launch.ref, signal });
  }

  /** Ends the helper, and any process still running under it; resolves once it has exited. */
  async stop(): Promise<void> {
    const helper = this.helper;
    if (!helper) return;
    const exited = new Promise<void>((resolve) => helper.once("exit", () => resolve()));
    helper.stdin!.destroy();
    await exited;
  }

  /** The helper's pid, for tests; undefined until the first launch. */
  get pid(): number | undefined {
    return this.helper?.pid;
  }

  private post(message: ToSpawner): void {
    const helper = this.helper ?? this.startHelper();
    if (this.ready) helper.send(message);
    else this.queued.push(message);
  }

  private startHelper(): ChildProcess {
    const helper = fork(SPAWNER_MAIN, [], {
      cwd: PROJECT_ROOT,
      // Not this process's flags: tsx's loader among them would make the helper twice the size.
      execArgv: [],
      // Its stdin is how it knows this process is gone (see spawner-main.mjs); nothing is written to it.
      stdio: ["pipe", "inherit", "inherit", "ipc"],
    });
    (helper.stdin as Socket).unref();
    this.helper = helper;
    this.ready = false;
    helper.unref();
    helper.on("message", (message: FromSpawner, handle?: Socket) => this.receive(message, handle));
    helper.on("error", () => {
      // A send after the helper died; its exit below fails what it held.
    });
    helper.on("exit", (code, signal) => this.helperLost(helper, `the process spawner ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`));
    return helper;
  }

  private receive(message: FromSpawner, handle: Socket | undefined): void {
    if (message.op === "ready") {
      this.ready = true;
      for (const queued of this.queued) this.helper!.send(queued);
      this.queued = [];
      return;
    }
    const launch = this.launches.get(message.ref);
    if (!launch) {
      handle?.destroy();
      return;
    }
    switch (message.op) {
      case "stdout":
      case "stderr":
      case "stdin":
        launch.pipes[message.op] = handle;
        break;
      case "started":
        launch.pid = message.pid;
        launch.listener.started(launch.pipes as ChildPipes, message.pid);
        break;
      case "failed":
        this.end(launch, { code: null, signal: null, reason: `could not start: ${message.message}` });
        break;
      case "exit":
        this.end(launch, { code: message.code, signal: message.signal });
        break;
    }
  }

  private end(launch: Launch, exit: ChildExit): void {
    this.launches.delete(launch.ref);
    this.holdLoop();
    launch.listener.ended(exit);
  }

  /** Its children were reparented when it died: they are killed, since nothing can reach their stderr or exit. */
  private helperLost(helper: ChildProcess, reason: string): void {
    if (this.helper !== helper) return;
    this.helper = undefined;
    this.queued = [];
    for (const launch of [...this.launches.values()]) {
      if (launch.pid !== undefined) {
        try {
          process.kill(launch.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      this.end(launch, { code: null, signal: null, reason });
    }
  }

  /** Like a child process of its own, a launch keeps this process running until it ends. */
  private holdLoop(): void {
    if (this.launches.size > 0) this.helper?.channel?.ref();
    else this.helper?.channel?.unref();
  }
}

/** The process's one spawner: its helper starts with the first launch. */
export const spawner = new Spawner();
