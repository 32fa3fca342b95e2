import { describe, expect, it } from "vitest";
import { MemoryEngine } from "../../server/engine/memory-engine.ts";
import { WindowBudget } from "./window-budget.ts";

function countingEngine() {
  const engine = new MemoryEngine();
  let increments = 0;
  return {
    engine,
    get increments() {
      return increments;
    },
    increment(key: string, by?: number, ttlMs?: number) {
      increments++;
      return engine.increment(key, by, ttlMs);
    },
  };
}

describe("WindowBudget", () => {
  it("reserves a busy key's calls in chunks: one engine increment per 100 calls of a large limit", async () => {
    const counters = countingEngine();
    const budget = new WindowBudget(counters);
    for (let i = 0; i < 1000; i++) expect(await budget.take("k", 100_000, 60_000)).toBe(true);
    expect(counters.increments).toBe(10);
    await counters.engine.close();
  });

  it("spends without the engine only what take() reserved, and nothing for another counter", async () => {
    const counters = countingEngine();
    const budget = new WindowBudget(counters);
    expect(budget.takeReserved("k")).toBe(false);
    expect(await budget.take("k", 150, 60_000)).toBe(true); // A chunk of 3: one spent, two kept.
    expect([budget.takeReserved("other"), budget.takeReserved("k"), budget.takeReserved("k"), budget.takeReserved("k")]).toEqual([false, true, true, false]);
    expect(counters.increments).toBe(1);
    expect(await counters.engine.increment("k", 0)).toBe(3);
    await counters.engine.close();
  });

  it("never lets gateways together past the limit, and refuses at most their unspent reservations early", async () => {
    const counters = countingEngine();
    const gateways = [new WindowBudget(counters), new WindowBudget(counters), new WindowBudget(counters)];
    let admitted = 0;
    for (let i = 0; i < 1000; i++) if (await gateways[i % 3]!.take("shared", 500, 60_000)) admitted++;
    // 500 / 50 = chunks of 10: each gateway may be left holding up to 9 it never spent.
    expect(admitted).toBeLessThanOrEqual(500);
    expect(admitted).toBeGreaterThanOrEqual(500 - 3 * 9);
    await counters.engine.close();
  });

  it("counts small limits one call at a time, and grants the last partial chunk", async () => {
    const counters = countingEngine();
    const small = new WindowBudget(counters);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await small.take("small", 3, 60_000));
    expect(results).toEqual([true, true, true, false]);
    expect(counters.increments).toBe(4);

    const partial = new WindowBudget(counters);
    let admitted = 0;
    for (let i = 0; i < 200; i++) if (await partial.take("partial", 101, 60_000)) admitted++;
    expect(admitted).toBe(101);
    await counters.engine.close();
  });
});
