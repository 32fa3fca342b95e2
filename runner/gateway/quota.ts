import type { CounterStore } from "./rate-limit.ts";
import { usageDay } from "./usage.ts";
import { WindowBudget } from "./window-budget.ts";

export type QuotaDecision = { ok: true } | { ok: false; retryAfterSeconds: number; quota: number };

const DAY_MS = 24 * 3600_000;
/** A gateway whose clock runs a little behind still counts into yesterday's counter after midnight. */
const KEEP_AFTER_DAY_MS = 3600_000;

/**
 * Calls per key per UTC day, counted in the engine so the quota holds across all gateway
 * instances together (reserved in chunks: see WindowBudget); callers skip keys without a quota,
 * so those cost no engine call.
 */
export class QuotaMeter {
  private readonly budget: WindowBudget;

  constructor(
    counters: CounterStore,
    private readonly now: () => number = Date.now,
  ) {
    this.budget = new WindowBudget(counters);
  }

  async take(keyId: string, callsPerDay: number): Promise<QuotaDecision> {
    const now = this.now();
    const untilMidnightMs = DAY_MS - (now % DAY_MS);
    if (await this.budget.take(quotaCounterKey(keyId, now), callsPerDay, untilMidnightMs + KEEP_AFTER_DAY_MS)) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(untilMidnightMs / 1000)), quota: callsPerDay };
  }
}

/** The engine counter of a key's requests counted against its quota on the UTC day of `at`. */
export function quotaCounterKey(keyId: string, at: number): string {
  return `quota:${keyId}:${usageDay(at)}`;
}

export function quotaExceededMessage(keyPrefix: string, refused: { retryAfterSeconds: number; quota: number }): string {
  return `the API key sy_${keyPrefix}_… has used its ${refused.quota} calls for today (UTC); the quota resets in ${waitText(refused.retryAfterSeconds)}`;
}

/** 11520 → "3 h 12 min", 2700 → "45 min", 42 → "42 s"; minutes round up, never promising too early. */
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
