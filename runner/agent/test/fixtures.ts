import fs from "node:fs";
import path from "node:path";
import type { McpUpstream } from "../mcp-upstream.ts";
import type { ProcessSpec } from "../process-spec.ts";
import type { SessionPort } from "../session-mux.ts";
import type { PoolSettings } from "../warm-pool.ts";

/** A fake stdio MCP server whose behaviour the first argument picks (see fake-server.mjs). */
export const FIXTURE = path.join(import.meta.dirname, "fixtures/fake-server.mjs");
export type Mode = "ok" | "no-init" | "hang-after-init" | "crash-after-init" | "garbage";

export const fixtureSpec = (mode: Mode): ProcessSpec => ({ command: process.execPath, args: [FIXTURE, mode], env: {}, cwd: path.dirname(FIXTURE) });

/** Pool timings scaled down for tests; each test file sets its own size and backoff ceiling. */
export const FAST_POOL = {
  idleTimeoutMs: 60_000,
  initializeTimeoutMs: 1000,
  pingIntervalMs: 200,
  // Generous, so that a loaded machine never makes a healthy server look hung (the hang test
  // sets its own).
  pingTimeoutMs: 1000,
  crashLimit: 3,
  crashWindowMs: 10_000,
  backoffBaseMs: 20,
} satisfies Partial<PoolSettings>;

/** How long liveness polls in these tests wait: a bound, not a measurement. */
export const soon = { timeout: 5000, interval: 20 };

export function isAlive(pid: number | undefined | null): boolean {
  if (pid === undefined || pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Children of this test process still running whose command line mentions one of `marks`. */
export function childrenRunning(marks: string[] = [FIXTURE]): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) !== process.pid || state === "Z") continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (marks.some((mark) => mark !== "" && cmdline.includes(mark))) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const ports = new WeakMap<McpUpstream, SessionPort>();

/** Messages the server sends to a session on this process, as JSON lines. */
export function collect(upstream: McpUpstream): string[] {
  const lines: string[] = [];
  portOf(upstream).onMessage = (message) => lines.push(JSON.stringify(message));
  return lines;
}

/** Sends a client's JSON line through the session port, as the gateway does. */
export function clientSend(upstream: McpUpstream, line: string): boolean {
  return portOf(upstream).send(JSON.parse(line)) === undefined;
}

function portOf(upstream: McpUpstream): SessionPort {
  let port = ports.get(upstream);
  if (!port) {
    port = upstream.mux.attach();
    ports.set(upstream, port);
  }
  return port;
}
