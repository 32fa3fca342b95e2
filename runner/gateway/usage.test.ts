import { describe, expect, it } from "vitest";
import { MemoryEngine } from "../../server/engine/memory-engine.ts";
import { UsageRecorder, readUsage, usageDay } from "./usage.ts";

describe("UsageRecorder", () => {
  it("adds calls up in memory and lands them in the engine per key and day, from several gateways", async () => {
    const engine = new MemoryEngine();
    const now = () => Date.UTC(2026, 10, 25, 23, 59, 0);
    const gatewayA = new UsageRecorder(engine, 60_000, now);
    const gatewayB = new UsageRecorder(engine, 60_000, now);
    gatewayA.record("k1", 2.4, false, 100);
    gatewayA.record("k1", 3.6, true, 50);
    gatewayB.record("k1", 4, false, 10);
    gatewayB.record("k2", 1, false, 5);
    expect(await readUsage(engine, "k1", "2026-11-25")).toEqual({ calls: 0, errors: 0, bytes: 0, latencyMs: 0 });
    await Promise.all([gatewayA.close(), gatewayB.close()]);
    expect(await readUsage(engine, "k1", "2026-11-25")).toEqual({ calls: 3, errors: 1, bytes: 160, latencyMs: 10 });
    expect(await readUsage(engine, "k2", "2026-11-25")).toEqual({ calls: 1, errors: 0, bytes: 5, latencyMs: 1 });
    expect(await readUsage(engine, "k1", "2026-11-26")).toEqual({ calls: 0, errors: 0, bytes: 0, latencyMs: 0 });
    await engine.close();
  });

  it("names days in UTC", () => {
    expect(usageDay(Date.UTC(2026, 0, 1, 0, 0, 1))).toBe("2026-01-01");
  });
});
