/** The engine's atomic counters (server/engine/engine.ts). */
export interface UsageStore {
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;
  get(key: string): Promise<string | null>;
}

export interface UsageFigures {
  calls: number;
  errors: number;
  bytes: number;
  latencyMs: number;
}

const FIELDS = ["calls", "errors", "bytes", "latencyMs"] as const;
const KEEP_MS = 35 * 24 * 3600_000;

export const usageDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const counterKey = (keyId: string, day: string, field: string) => `usage:${keyId}:${day}:${field}`;

/**
 * Calls, errors, bytes and latency per API key and UTC day. Calls add up in memory and reach
 * the engine every few seconds as one increment per figure, so the hot path does no I/O and
 * every gateway's share lands in the same counters.
 */
export class UsageRecorder {
  private pending = new Map<string, UsageFigures>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: UsageStore,
    flushEveryMs = 5000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => {}), flushEveryMs);
    this.timer.unref();
  }

  record(keyId: string, latencyMs: number, failed: boolean, bytes: number): void {
    let figures = this.pending.get(keyId);
    if (!figures) {
      figures = { calls: 0, errors: 0, bytes: 0, latencyMs: 0 };
      this.pending.set(keyId, figures);
    }
    figures.calls++;
    if (failed) figures.errors++;
    figures.bytes += bytes;
    figures.latencyMs += latencyMs;
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const day = usageDay(this.now());
    await Promise.all(
      [...batch].flatMap(([keyId, figures]) =>
        FIELDS.filter((field) => figures[field] > 0).map((field) => this.store.increment(counterKey(keyId, day, field), Math.round(figures[field]), KEEP_MS)),
      ),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/** One key's figures for one UTC day, as every gateway recorded them. */
export async function readUsage(store: UsageStore, keyId: string, day: string): Promise<UsageFigures> {
  const values = await Promise.all(FIELDS.map((field) => store.get(counterKey(keyId, day, field))));
  const [calls, errors, bytes, latencyMs] = values.map((value) => Number(value ?? 0)) as [number, number, number, number];
  return { calls, errors, bytes, latencyMs };
}
