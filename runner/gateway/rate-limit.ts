/** The engine's atomic counter, shared by every gateway instance (server/engine/engine.ts). */
export interface CounterStore {
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number; limit: number };

const WINDOW_MS = 60_000;

/**
 * Calls per key per minute, counted in fixed one-minute windows in the engine, so the limit
 * holds across all gateway instances together. One atomic increment per request.
 */
export class RateLimiter {
  constructor(
    private readonly counters: CounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  async take(keyId: string, limitPerMinute: number): Promise<RateDecision> {
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    const used = await this.counters.increment(`ratelimit:${keyId}:${window}`, 1, WINDOW_MS * 2);
    if (used <= limitPerMinute) return { ok: true, remaining: limitPerMinute - used };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)), limit: limitPerMinute };
  }
}
