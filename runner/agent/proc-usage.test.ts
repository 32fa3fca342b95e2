import { describe, expect, it } from "vitest";
import { procUsage } from "./proc-usage.ts";

describe("procUsage", () => {
  it("reads this process's memory and CPU time", () => {
    let spin = 0;
    for (let i = 0; i < 5e6; i++) spin += i;
    const usage = procUsage(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(usage!.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(usage!.rssBytes).toBeLessThan(process.memoryUsage().rss * 2);
    expect(usage!.cpuSeconds).toBeGreaterThan(0);
  });

  it("returns null for a process that does not exist", () => {
    expect(procUsage(2 ** 22 + 1)).toBeNull();
    expect(procUsage(undefined)).toBeNull();
  });
});
