/** Issue 5's targets for the gateway, each measured value followed by PASS or MISS. */
import { BARE_OF, type Measurements, SYSTEMS, type SystemLabel, cpuPerCall, perSession, ratio, tallyOf } from "./measurements.ts";
import { SCENARIOS, type Scenario } from "./scenarios.ts";
import { fmt } from "./stats.ts";

const verdict = (passed: boolean, value: number) => (!Number.isFinite(value) ? "MISS (no data)" : passed ? "PASS" : "MISS");
const atLeast = (value: number, target: number, text: string) => `${text} ${verdict(value >= target, value)}`;
const atMost = (value: number, target: number, text: string) => `${text} ${verdict(value <= target, value)}`;

const short = (system: SystemLabel) => (system === SYSTEMS.gatewayHttp ? "HTTP" : "WebSocket");

export function targetLines(m: Measurements): string[] {
  const vsBase = (system: SystemLabel, base: SystemLabel, target: number) =>
    (["16 in flight", "64 in flight"] as Scenario[]).map((s) => {
      const value = ratio(m, system, base, s);
      return atLeast(value, target, `${s} x${fmt(value, 2)}`);
    });
  const vsSse = (scenario: Scenario, target: number) =>
    [SYSTEMS.gatewayHttp, SYSTEMS.gatewayWs].map((system) => {
      const value = ratio(m, system, SYSTEMS.supergatewaySse, scenario);
      return atLeast(value, target, `${short(system)} x${fmt(value, 2)}`);
    });
  const noneWrongOrLost = [SYSTEMS.gatewayHttp, SYSTEMS.gatewayWs].map((system) => {
    const t = tallyOf(m, system, "8 sessions × 8 in flight");
    const bad = t && t.ok > 0 ? t.wrong + t.lost : Number.NaN;
    return `${short(system)} ${t ? `${t.wrong} wrong, ${t.lost} lost of ${t.attempted}` : "-"} ${verdict(bad === 0, bad)}`;
  });
  // The matching bare proxy's figure beside each: what forwarding alone cost in the same run.
  const cpu = (system: SystemLabel) =>
    SCENARIOS.map((s) => {
      const value = cpuPerCall(tallyOf(m, system, s));
      const bare = cpuPerCall(tallyOf(m, BARE_OF[system]!, s));
      return atMost(value, 25, `${s.replace(" in flight", "")} ${fmt(value, 1)} (bare ${fmt(bare, 1)})`);
    });
  const idle = m.idle.map((i) => {
    if ("error" in i) return `${i.transport} - MISS (no data)`;
    const value = perSession(i, "rss");
    return atMost(value, 1, `${i.transport} ${fmt(value, 3)} MiB`);
  });
  return [
    `gateway HTTP ≥ 0.3× direct stdio at 16–64 in flight: ${vsBase(SYSTEMS.gatewayHttp, SYSTEMS.direct, 0.3).join("; ")}`,
    `gateway HTTP ≥ bare node:http proxy at 16–64 in flight: ${vsBase(SYSTEMS.gatewayHttp, SYSTEMS.bareHttp, 1).join("; ")}`,
    `gateway WebSocket ≥ 0.5× direct stdio at 16–64 in flight: ${vsBase(SYSTEMS.gatewayWs, SYSTEMS.direct, 0.5).join("; ")}`,
    `gateway WebSocket ≥ bare ws proxy at 16–64 in flight: ${vsBase(SYSTEMS.gatewayWs, SYSTEMS.bareWs, 1).join("; ")}`,
    `gateway ≥ 2× supergateway SSE at 64 in flight: ${vsSse("64 in flight", 2).join("; ")}`,
    `gateway ≥ 1.2× supergateway SSE at 1 in flight: ${vsSse("1 in flight", 1.2).join("; ")}`,
    `zero wrong or lost replies with 8 sessions: ${noneWrongOrLost.join("; ")}`,
    `gateway HTTP CPU per call ≤ 25 µs: ${cpu(SYSTEMS.gatewayHttp).join("; ")}`,
    `gateway WebSocket CPU per call ≤ 25 µs: ${cpu(SYSTEMS.gatewayWs).join("; ")}`,
    `idle session memory ≤ 1 MB (gateway RSS after GC, per session): ${idle.join("; ")}`,
  ];
}
