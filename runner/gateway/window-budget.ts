import type { CounterStore } from "./rate-limit.ts";

/** A gateway reserves at most this share of a limit at once (and never more than MAX_CHUNK calls). */
const CHUNK_SHARE = 50;
const MAX_CHUNK = 100;

/**
 * A limit per key and fixed window counted in the shared engine, reserved in chunks: a gateway
 * takes up to 1/50 of the limit with one atomic increment and spends it locally, so a busy key
 * costs one engine round trip per chunk instead of one per request (with Redis, that round trip
 * was most of a request's admission time). The engine's counter includes every gateway's
 * reservations, so the limit is never exceeded; a key may be refused slightly early (by the
 * unspent reservations of other gateways) — at most 2% per gateway. Small limits use chunks of 1.
 */
export class WindowBudget {
  /** Calls reserved and not yet spent, by counter. */
  private readonly reserved = new Map<string, number>();

  constructor(private readonly counters: CounterStore) {}

  /** Spends a call already reserved for `counter`, if one is left: no engine round trip, no promise. */
  takeReserved(counter: string): boolean {
    const left = this.reserved.get(counter) ?? 0;
    if (left === 0) return false;
    if (left === 1) this.reserved.delete(counter);
    else this.reserved.set(counter, left - 1);
    return true;
  }

  /** Whether one more call fits in `counter`'s window under `limit`. */
  async take(counter: string, limit: number, ttlMs: number): Promise<boolean> {
    if (this.takeReserved(counter)) return true;
    const chunk = Math.max(1, Math.min(MAX_CHUNK, Math.floor(limit / CHUNK_SHARE)));
    const total = await this.counters.increment(counter, chunk, ttlMs);
    const granted = Math.min(chunk, limit - (total - chunk));
    if (granted <= 0) return false;
    if (granted === 1) return true;
    // Only unspent reservations are kept; those a finished window left behind go when too many pile up.
    if (this.reserved.size > 10_000) this.reserved.clear();
    this.reserved.set(counter, granted - 1);
    return true;
  }
}
