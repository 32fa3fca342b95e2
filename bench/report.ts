/** The gateway bench's printed tables: calls, CPU per call, session start, idle memory. */
import { BARE_OF, type Measurements, SYSTEMS, type SystemLabel, cpuPerCall, perSession, rate, ratio } from "./measurements.ts";
import { SCENARIOS } from "./scenarios.ts";
import { fmt, fmtMiB, formatTable, percentile } from "./stats.ts";

const GATEWAYS: SystemLabel[] = [SYSTEMS.gatewayHttp, SYSTEMS.gatewayWs, SYSTEMS.gatewayStateless];
const PEERS: SystemLabel[] = [...GATEWAYS, SYSTEMS.bareHttp, SYSTEMS.bareWs, SYSTEMS.supergatewaySse, SYSTEMS.supergatewayHttp];
const ratioText = (value: number) => (Number.isFinite(value) ? `x${fmt(value, 2)}` : "-");

export function callsTable(m: Measurements): { table: string; problems: string[] } {
  const problems: string[] = [];
  const rows: string[][] = [];
  for (const scenario of SCENARIOS) {
    if (rows.length > 0) rows.push([]);
    for (const [system, results] of m.calls) {
      const name = `${system}, ${scenario}`;
      const outcome = results[scenario];
      if (outcome instanceof Error) {
        rows.push([name, "failed"]);
        problems.push(`${name}: ${outcome.message.split("\n")[0]}`);
        continue;
      }
      if (outcome.wrong > 0) problems.push(`${name}: ${outcome.wrong - outcome.strays} calls answered with another request's reply, ${outcome.strays} replies to no request in flight`);
      if (outcome.firstProblem) problems.push(`${name}: first problem: ${outcome.firstProblem}`);
      const early = outcome.attempted < outcome.planned ? "*" : "";
      const bare = BARE_OF[system];
      rows.push([
        name,
        `${outcome.attempted}${early}`,
        fmt(rate(outcome), 0),
        fmt(percentile(outcome.latencies, 50), 3),
        fmt(percentile(outcome.latencies, 99), 3),
        String(outcome.errors),
        String(outcome.wrong),
        String(outcome.lost),
        system === SYSTEMS.direct ? "baseline" : ratioText(ratio(m, system, SYSTEMS.direct, scenario)),
        GATEWAYS.includes(system) ? ratioText(ratio(m, system, SYSTEMS.supergatewaySse, scenario)) : "",
        bare ? ratioText(ratio(m, system, bare, scenario)) : "",
      ]);
    }
  }
  const headers = ["scenario", "calls", "calls/s", "p50 ms", "p99 ms", "errors", "wrong", "lost", "vs direct", "vs sg SSE", "vs bare"];
  return { table: formatTable(headers, rows), problems };
}

export function cpuTable(m: Measurements): string {
  const rows = PEERS.filter((system) => m.calls.has(system)).map((system) => [
    system,
    ...SCENARIOS.map((scenario) => {
      const outcome = m.calls.get(system)![scenario];
      return outcome instanceof Error ? "-" : fmt(cpuPerCall(outcome), 1);
    }),
  ]);
  return formatTable(["CPU µs per call", ...SCENARIOS], rows);
}

export function sessionStartTable(m: Measurements): string {
  const base = percentile(m.starts.find((s) => s.label === SYSTEMS.direct)?.latencies ?? [], 50);
  const rows = m.starts.map((s) => {
    const p50 = percentile(s.latencies, 50);
    return [`session start, ${s.label}`, `${s.attempted}`, fmt(p50, 1), fmt(percentile(s.latencies, 99), 1), String(s.errors), s.label === SYSTEMS.direct ? "baseline" : ratioText(base / p50)];
  });
  return formatTable(["scenario", "samples", "p50 ms", "p99 ms", "errors", "vs direct"], rows);
}

export function idleMemoryLines(m: Measurements): string[] {
  return m.idle.map((idle) => {
    if ("error" in idle) return `  ${idle.transport}: failed: ${idle.error.message}`;
    const refused = idle.refusal ? ` (the gateway refused more after ${idle.opened} of ${idle.wanted}: ${idle.refusal})` : "";
    return (
      `  ${idle.transport}: ${idle.opened} sessions${refused}; ` +
      `RSS ${fmtMiB(idle.before.rss)} → ${fmtMiB(idle.after.rss)} = ${fmt(perSession(idle, "rss"), 3)} MiB/session; ` +
      `heap ${fmtMiB(idle.before.heapUsed)} → ${fmtMiB(idle.after.heapUsed)} = ${fmt(perSession(idle, "heapUsed"), 3)} MiB/session`
    );
  });
}
