/**
 * The call scenarios every system goes through: 1, 16 and 64 calls in flight on one session,
 * then 8 sessions with 8 in flight each, whose ids overlap (each session counts from 0).
 */
import type { LightSession } from "./clients/rpc-session.ts";
import { type Tally, runLoad } from "./load.ts";
import { SETTINGS } from "./settings.ts";

export const SCENARIOS = ["1 in flight", "16 in flight", "64 in flight", "8 sessions × 8 in flight"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** A way to reach server-everything's echo tool: direct, through the gateway, through supergateway. */
export interface System {
  /** A session for the one-session scenarios. */
  open(): Promise<LightSession>;
  /** A session for the 8-session scenario (the gateway's shared deployment, say). */
  openConcurrent(): Promise<LightSession>;
  /** The process between client and server, whose CPU per call is measured. */
  cpuPid?: number;
}

/** A scenario's tally, or why it could not run. */
export type Outcome = Tally | Error;
export type Results = Record<Scenario, Outcome>;

const SINGLE: Array<[Scenario, number]> = [["1 in flight", 1], ["16 in flight", 16], ["64 in flight", 64]];
const SESSIONS = 8;
const IN_FLIGHT_PER_SESSION = 8;
const WARMUP_CALLS = 200;

export async function measure(system: System): Promise<Results> {
  const results = {} as Results;
  const load = (sessions: LightSession[], inFlight: number, calls: number) =>
    runLoad(sessions.map((s) => s.rpc), { inFlight, calls, maxMs: SETTINGS.maxScenarioMs, cpuPid: system.cpuPid });

  await withSessions(1, system.open, async (sessions) => {
    await load(sessions, 16, WARMUP_CALLS);
    for (const [scenario, inFlight] of SINGLE) {
      results[scenario] = await load(sessions, inFlight, inFlight === 1 ? SETTINGS.sequentialCalls : SETTINGS.calls);
    }
  }).catch((error: Error) => {
    for (const [scenario] of SINGLE) results[scenario] ??= error;
  });

  const concurrent: Scenario = "8 sessions × 8 in flight";
  await withSessions(SESSIONS, system.openConcurrent, async (sessions) => {
    await load(sessions, IN_FLIGHT_PER_SESSION, WARMUP_CALLS);
    results[concurrent] = await load(sessions, IN_FLIGHT_PER_SESSION, SETTINGS.calls);
  }).catch((error: Error) => {
    results[concurrent] ??= error;
  });
  return results;
}

/** Opens `count` sessions, runs `use`, and closes every one that opened, whatever happened. */
async function withSessions(count: number, open: () => Promise<LightSession>, use: (sessions: LightSession[]) => Promise<void>): Promise<void> {
  const opened = await Promise.allSettled(Array.from({ length: count }, open));
  const sessions = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  try {
    const failed = opened.find((o) => o.status === "rejected");
    if (failed) throw failed.reason;
    await use(sessions);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

/** Every scenario failed the same way (the system did not start). */
export function failedResults(error: Error): Results {
  return Object.fromEntries(SCENARIOS.map((s) => [s, error])) as Results;
}
