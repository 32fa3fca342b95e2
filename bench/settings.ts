/** The gateway benchmark's knobs, read once from the environment (see bench/README.md). */
import { createRequire } from "node:module";

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const calls = envInt("BENCH_CALLS", 12000);

export const SETTINGS = {
  /** Calls per scenario with 16 or more in flight, across all of its sessions. */
  calls,
  /** One call at a time is slow to gather and varies little, so it gets fewer. */
  sequentialCalls: Math.max(1, Math.round(calls * 0.4)),
  maxScenarioMs: envInt("BENCH_MAX_SECONDS", 20) * 1000,
  /** Each scenario's calls are split into this many rounds, the systems taking turns. */
  rounds: envInt("BENCH_ROUNDS", 5),
  idleSessions: envInt("BENCH_IDLE_SESSIONS", 500),
  callTimeoutMs: 10_000,
  /** After this, every child is killed and the run ends, whatever it was doing. */
  hardLimitMs: envInt("BENCH_HARD_LIMIT_SECONDS", 480) * 1000,
  sessionStartSamples: 10,
};

/** The MCP revision every light client asks for. */
export const PROTOCOL_VERSION = "2025-11-25";

export const EVERYTHING = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js");
