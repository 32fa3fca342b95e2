import { describe, expect, it } from "vitest";
import { MemoryEngine } from "../../server/engine/memory-engine.ts";
import { QuotaMeter, quotaExceededMessage } from "./quota.ts";

describe("QuotaMeter", () => {
  it("allows the quota per UTC day, then refuses until the next UTC midnight, per key", async () => {
    let now = Date.UTC(2026, 10, 25, 20, 48, 0);
    const engine = new MemoryEngine();
    const meter = new QuotaMeter(engine, () => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await meter.take("key-a", 3));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[2]).toEqual({ ok: true });
    expect(results[3]).toEqual({ ok: false, retryAfterSeconds: 3 * 3600 + 12 * 60, quota: 3 });
    expect(await meter.take("key-b", 3)).toEqual({ ok: true });

    now += 3 * 3600_000 + 11 * 60_000;
    expect(await meter.take("key-a", 3)).toEqual({ ok: false, retryAfterSeconds: 60, quota: 3 });
    now += 60_000;
    expect(await meter.take("key-a", 3)).toEqual({ ok: true });
    await engine.close();
  });

  it("counts every gateway together, since the counter is in the shared engine", async () => {
    const engine = new MemoryEngine();
    const now = () => Date.UTC(2026, 10, 25, 12, 0, 0);
    const gatewayA = new QuotaMeter(engine, now);
    const gatewayB = new QuotaMeter(engine, now);
    const decisions = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? gatewayA : gatewayB).take("shared", 6)));
    expect(decisions.filter((d) => d.ok)).toHaveLength(6);
    await engine.close();
  });

  it("counts one increment per call under quota:<keyId>:<UTC day>, kept past midnight by an hour", async () => {
    const increments: Array<[string, number | undefined, number | undefined]> = [];
    const counters = {
      increment: async (key: string, by?: number, ttlMs?: number) => {
        increments.push([key, by, ttlMs]);
        return increments.length;
      },
    };
    const meter = new QuotaMeter(counters, () => Date.UTC(2026, 0, 31, 23, 30, 0));
    await meter.take("key-a", 10);
    await meter.take("key-a", 10);
    expect(increments).toEqual([
      ["quota:key-a:2026-01-31", 1, 30 * 60_000 + 3600_000],
      ["quota:key-a:2026-01-31", 1, 30 * 60_000 + 3600_000],
    ]);
  });
});

describe("quotaExceededMessage", () => {
  it.each([
    [3 * 3600 + 12 * 60, "3 h 12 min"],
    [3 * 3600 + 11 * 60 + 1, "3 h 12 min"],
    [24 * 3600, "24 h"],
    [45 * 60, "45 min"],
    [42, "42 s"],
  ])("says when the quota resets, %i s → %s", (retryAfterSeconds, wait) => {
    expect(quotaExceededMessage("0123456789ab", { retryAfterSeconds, quota: 10000 })).toBe(
      `the API key sy_0123456789ab_… has used its 10000 calls for today (UTC); the quota resets in ${wait}`,
    );
  });
});
