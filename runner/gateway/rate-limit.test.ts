import { describe, expect, it } from "vitest";
import { MemoryEngine } from "../../server/engine/memory-engine.ts";
import { RateLimiter } from "./rate-limit.ts";

describe("RateLimiter", () => {
  it("allows the limit per minute, then refuses until the next minute, per key", async () => {
    let now = Date.UTC(2026, 10, 25, 12, 0, 10);
    const engine = new MemoryEngine();
    const limiter = new RateLimiter(engine, () => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.take("key-a", 3));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[2]).toEqual({ ok: true });
    expect(results[3]).toEqual({ ok: false, retryAfterSeconds: 50, limit: 3 });
    expect(await limiter.take("key-b", 3)).toEqual({ ok: true });

    now += 50_000;
    expect(await limiter.take("key-a", 3)).toEqual({ ok: true });
    await engine.close();
  });

  it("counts every gateway together, since the counter is in the shared engine", async () => {
    const engine = new MemoryEngine();
    const now = () => Date.UTC(2026, 10, 25, 12, 0, 0);
    const gatewayA = new RateLimiter(engine, now);
    const gatewayB = new RateLimiter(engine, now);
    const decisions = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? gatewayA : gatewayB).take("shared", 6)));
    expect(decisions.filter((d) => d.ok)).toHaveLength(6);
    await engine.close();
  });
});
