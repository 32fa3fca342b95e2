/** Everything one gateway bench run measured, and the figures derived from it. */
import type { IdleMemory } from "./idle-memory.ts";
import type { Tally } from "./load.ts";
import type { Results, Scenario } from "./scenarios.ts";
import type { SessionStarts } from "./session-start.ts";

export const SYSTEMS = {
  direct: "direct stdio",
  gatewayHttp: "gateway HTTP",
  gatewayWs: "gateway WebSocket",
  gatewayStateless: "gateway HTTP stateless (2026-07-28)",
  supergatewaySse: "supergateway SSE",
  supergatewayHttp: "supergateway streamable HTTP",
  bareHttp: "bare node:http proxy",
  bareWs: "bare ws proxy",
} as const;
export type SystemLabel = (typeof SYSTEMS)[keyof typeof SYSTEMS];

/** The bare proxy each gateway transport is held against (issue 5). */
export const BARE_OF: Partial<Record<SystemLabel, SystemLabel>> = {
  [SYSTEMS.gatewayHttp]: SYSTEMS.bareHttp,
  [SYSTEMS.gatewayWs]: SYSTEMS.bareWs,
};

export interface Measurements {
  calls: Map<SystemLabel, Results>;
  starts: SessionStarts[];
  idle: Array<IdleMemory | { transport: IdleMemory["transport"]; error: Error }>;
}

export function tallyOf(m: Measurements, system: SystemLabel, scenario: Scenario): Tally | undefined {
  const outcome = m.calls.get(system)?.[scenario];
  return outcome instanceof Error ? undefined : outcome;
}

/** Successful calls per second. */
export const rate = (t: Tally | undefined): number => (t?.rate ?? (t && t.seconds > 0 ? t.ok / t.seconds : Number.NaN));

/** CPU of the peer process per successful call, in µs. */
export const cpuPerCall = (t: Tally | undefined): number => (t?.cpuPerCall ?? (t && t.ok > 0 ? t.cpuMicros / t.ok : Number.NaN));

/** calls/s of `system` ÷ calls/s of `base`, both in the same scenario. */
export function ratio(m: Measurements, system: SystemLabel, base: SystemLabel, scenario: Scenario): number {
  return rate(tallyOf(m, system, scenario)) / rate(tallyOf(m, base, scenario));
}

const MIB = 1024 * 1024;

/** Growth per idle session after GC, in MiB. */
export function perSession(idle: IdleMemory, field: "rss" | "heapUsed"): number {
  return idle.opened > 0 ? (idle.after[field] - idle.before[field]) / idle.opened / MIB : Number.NaN;
}
