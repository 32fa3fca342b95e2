/**
 * The call scenarios every system goes through: 1, 16 and 64 calls in flight on one session,
 * then 8 sessions with 8 in flight each, whose ids overlap (each session counts from 0).
 * The systems take turns: each scenario runs in rounds, every system once a round in an order
 * that rotates, so a burst of load from elsewhere on a shared machine lands on one round of one
 * system instead of on all of one system's figures.
 */
import type { LightSession } from "./clients/rpc-session.ts";
import { type Tally, runLoad } from "./load.ts";
import type { SystemLabel } from "./measurements.ts";
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
const CONCURRENT: Scenario = "8 sessions × 8 in flight";
const SESSIONS = 8;
const IN_FLIGHT_PER_SESSION = 8;
const WARMUP_CALLS = 200;

/**
 * Every scenario on every system, in rounds. The one-session scenarios share one session per
 * system; the 8 sessions are opened after those are closed (supergateway SSE sends each reply to
 * every open session, so sessions left open would load another scenario).
 */
export async function measureInRounds(systems: Array<[SystemLabel, System]>, rounds: number): Promise<Map<SystemLabel, Results>> {
  const results = new Map(systems.map(([label]) => [label, {} as Results]));
  const roundsOf = new Map<SystemLabel, Map<Scenario, Tally[]>>(systems.map(([label]) => [label, new Map()]));

  const phase = async (count: number, scenarios: Array<[Scenario, number]>, open: (system: System) => () => Promise<LightSession>): Promise<void> => {
    const opened = new Map<SystemLabel, LightSession[]>();
    try {
      for (const [label, system] of systems) {
        try {
          const sessions = await openSessions(count, open(system));
          opened.set(label, sessions);
          await runLoad(rpcs(sessions), { inFlight: count === 1 ? 16 : IN_FLIGHT_PER_SESSION, calls: WARMUP_CALLS, maxMs: SETTINGS.maxScenarioMs });
        } catch (error) {
          for (const [scenario] of scenarios) results.get(label)![scenario] = error as Error;
        }
      }
      for (const [scenario, inFlight] of scenarios) {
        console.log(`  ${scenario}…`);
        const calls = Math.max(1, Math.round((inFlight === 1 ? SETTINGS.sequentialCalls : SETTINGS.calls) / rounds));
        // Round -1 warms every system up at this scenario's load and is not counted: the first
        // round after a change of load cost every system, bare proxies included, up to twice the
        // CPU per call of the next ones (connections opened, code compiled for the new shapes).
        for (let round = -1; round < rounds; round++) {
          for (const [label, system] of rotate(systems, Math.max(round, 0))) {
            const sessions = opened.get(label);
            if (!sessions || results.get(label)![scenario] instanceof Error) continue;
            try {
              const tally = await runLoad(rpcs(sessions), { inFlight, calls, maxMs: SETTINGS.maxScenarioMs / rounds, cpuPid: system.cpuPid });
              if (round < 0) continue;
              const kept = roundsOf.get(label)!;
              kept.set(scenario, [...(kept.get(scenario) ?? []), tally]);
            } catch (error) {
              results.get(label)![scenario] = error as Error;
            }
          }
        }
      }
    } finally {
      await Promise.all([...opened.values()].flat().map((session) => session.close()));
    }
  };

  await phase(1, SINGLE, (system) => system.open);
  await phase(SESSIONS, [[CONCURRENT, IN_FLIGHT_PER_SESSION]], (system) => system.openConcurrent);

  for (const [label, byScenario] of roundsOf) {
    for (const [scenario, tallies] of byScenario) results.get(label)![scenario] ??= combine(tallies);
  }
  return results;
}

/**
 * The rounds as one tally: counts and latencies summed, and `rate` and `cpuPerCall` the median
 * round's, which a burst of load from elsewhere in one round does not move.
 */
export function combine(tallies: Tally[]): Tally {
  const sum = (field: "planned" | "attempted" | "ok" | "errors" | "wrong" | "strays" | "lost" | "seconds" | "cpuMicros") => tallies.reduce((total, t) => total + t[field], 0);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    planned: sum("planned"),
    attempted: sum("attempted"),
    ok: sum("ok"),
    errors: sum("errors"),
    wrong: sum("wrong"),
    strays: sum("strays"),
    lost: sum("lost"),
    latencies: tallies.flatMap((t) => t.latencies),
    seconds: sum("seconds"),
    cpuMicros: sum("cpuMicros"),
    rate: median(tallies.map((t) => (t.seconds > 0 ? t.ok / t.seconds : 0))),
    cpuPerCall: median(tallies.map((t) => (t.ok > 0 ? t.cpuMicros / t.ok : Number.NaN))),
    firstProblem: tallies.find((t) => t.firstProblem)?.firstProblem,
  };
}

/** Round `round` starts one system further along, so no system always runs first or last. */
function rotate<T>(items: T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

const rpcs = (sessions: LightSession[]) => sessions.map((s) => s.rpc);

/** Opens `count` sessions; if one fails, those that opened are closed and the error is thrown. */
async function openSessions(count: number, open: () => Promise<LightSession>): Promise<LightSession[]> {
  const opened = await Promise.allSettled(Array.from({ length: count }, open));
  const sessions = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const failed = opened.find((o) => o.status === "rejected");
  if (failed) {
    await Promise.all(sessions.map((s) => s.close()));
    throw failed.reason;
  }
  return sessions;
}

/** Every scenario failed the same way (the system did not start). */
export function failedResults(error: Error): Results {
  return Object.fromEntries(SCENARIOS.map((s) => [s, error])) as Results;
}
