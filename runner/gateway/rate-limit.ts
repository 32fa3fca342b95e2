/** The engine's atomic counter, shared by every gateway instance (server/engine/engine.ts). */
export interface CounterStore {
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; limit: number };

import { WindowBudget } from "./window-budget.ts";

const WINDOW_MS = 60_000;

/**
 * Calls per key per minute, counted in fixed one-minute windows in the engine, so the limit
 * holds across all gateway instances together (reserved in chunks: see WindowBudget).
 */
export class RateLimiter {
  private readonly budget: WindowBudget;

  constructor(
    counters: CounterStore,
    private readonly now: () => number = Date.now,
  ) {
    this.budget = new WindowBudget(counters);
  }

  /** A call from what this gateway has already reserved for the key; false means ask `take`. */
  takeReserved(keyId: string): boolean {
    return this.budget.takeReserved(counterKey(keyId, Math.floor(this.now() / WINDOW_MS)));
  }

  async take(keyId: string, limitPerMinute: number): Promise<RateDecision> {
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    if (await this.budget.take(counterKey(keyId, window), limitPerMinute, WINDOW_MS * 2)) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)), limit: limitPerMinute };
  }
}

function counterKey(keyId: string, window: number): string {
  return `ratelimit:${keyId}:${window}`;
}
