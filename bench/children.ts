/**
 * Every process the gateway bench starts goes through here, so that all of them — and whatever
 * they started — are stopped at the end, on an error, on SIGINT and at the hard time limit.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { descendants } from "./proc-stat.ts";

const running = new Set<ChildProcess>();

export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, and SIGKILL for it and everything it started if it is not gone within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined) return;
  // Taken before the signal: once the child is gone, its orphans can no longer be found by parent.
  const below = descendants(child.pid);
  if (!hasExited(child)) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(graceMs)]);
  }
  killNow(hasExited(child) ? below : [child.pid, ...below]);
}

/** SIGKILL for every child still running and all their descendants, synchronously (exit paths). */
export function killAllNow(): void {
  for (const child of running) {
    if (child.pid !== undefined) killNow([...descendants(child.pid), child.pid]);
  }
}

function killNow(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

export function stopAll(): Promise<void> {
  return Promise.all([...running].map((child) => stopChild(child))).then(() => {});
}
