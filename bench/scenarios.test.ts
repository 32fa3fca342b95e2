import { describe, expect, it } from "vitest";
import type { Tally } from "./load.ts";
import { cpuPerCall, rate } from "./measurements.ts";
import { cpuMicros } from "./proc-stat.ts";
import { combine } from "./scenarios.ts";

const round = (ok: number, seconds: number, cpu: number): Tally => ({ planned: ok, attempted: ok, ok, errors: 0, wrong: 0, strays: 0, lost: 0, latencies: [1], seconds, cpuMicros: cpu });

describe("combine", () => {
  it("sums the counts and takes calls/s and CPU per call from the median round, so one noisy round moves neither", () => {
    const combined = combine([round(1000, 0.1, 20_000), round(1000, 0.5, 90_000), round(1000, 0.125, 25_000)]);
    expect(combined.ok).toBe(3000);
    expect(combined.latencies).toHaveLength(3);
    expect(rate(combined)).toBe(8000);
    expect(cpuPerCall(combined)).toBe(25);
  });
});

describe("cpuMicros", () => {
  it("counts this process's CPU time as getrusage does, to well under a clock tick", () => {
    const before = [cpuMicros(process.pid), process.cpuUsage()] as const;
    let spin = 0;
    for (let i = 0; i < 3e7; i++) spin += i % 7;
    const spent = cpuMicros(process.pid) - before[0];
    const usage = process.cpuUsage(before[1]);
    expect(spin).toBeGreaterThan(0);
    expect(Math.abs(spent - (usage.user + usage.system))).toBeLessThan(5_000);
  });

  it("is NaN for a process that does not exist", () => {
    expect(cpuMicros(2 ** 22 + 1)).toBeNaN();
  });
});
