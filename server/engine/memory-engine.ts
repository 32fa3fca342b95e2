import type { Engine, LogEntry, Unsubscribe } from "./engine.ts";

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

interface Log {
  entries: { seq: number; data: string }[];
  expiresAt: number | undefined;
}

interface Subscription {
  onMessage: (message: string) => void;
}

const INTEGER = /^-?\d+$/;

/** The single-process engine: everything lives in this object and dies with it. */
export class MemoryEngine implements Engine {
  readonly kind = "memory" as const;

  #values = new Map<string, Entry>();
  #logs = new Map<string, Log>();
  #channels = new Map<string, Set<Subscription>>();
  // One counter for all logs, so a log that expires and is recreated never reuses an id.
  #nextSeq = 1;
  #sweeper: NodeJS.Timeout;

  constructor(options: { sweepIntervalMs?: number } = {}) {
    this.#sweeper = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 5_000);
    this.#sweeper.unref();
  }

  async get(key: string): Promise<string | null> {
    return this.#live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.#values.set(key, { value, expiresAt: expiry(ttlMs) });
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if (this.#live(key)) return false;
    this.#values.set(key, { value, expiresAt: expiry(ttlMs) });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.#values.keys()].filter((key) => key.startsWith(prefix) && this.#live(key));
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    const current = this.#live(key);
    if (!current) {
      this.#values.set(key, { value: String(by), expiresAt: expiry(ttlMs) });
      return by;
    }
    if (!INTEGER.test(current.value)) throw new Error(`increment: value of ${key} is not an integer`);
    const next = Number(current.value) + by;
    current.value = String(next);
    return next;
  }

  async publish(channel: string, message: string): Promise<void> {
    const subscriptions = this.#channels.get(channel);
    if (!subscriptions) return;
    const targets = [...subscriptions];
    queueMicrotask(() => {
      for (const subscription of targets) {
        // Skip subscribers that unsubscribed between publish and delivery.
        if (subscriptions.has(subscription)) subscription.onMessage(message);
      }
    });
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    const subscription: Subscription = { onMessage };
    let subscriptions = this.#channels.get(channel);
    if (!subscriptions) {
      subscriptions = new Set();
      this.#channels.set(channel, subscriptions);
    }
    subscriptions.add(subscription);
    return async () => {
      const current = this.#channels.get(channel);
      if (!current) return;
      current.delete(subscription);
      if (current.size === 0) this.#channels.delete(channel);
    };
  }

  async appendLog(stream: string, data: string, maxLength: number, ttlMs?: number): Promise<string> {
    let log = this.#liveLog(stream);
    if (!log) {
      log = { entries: [], expiresAt: undefined };
      this.#logs.set(stream, log);
    }
    const seq = this.#nextSeq++;
    log.entries.push({ seq, data });
    if (log.entries.length > maxLength) log.entries.splice(0, log.entries.length - maxLength);
    if (ttlMs !== undefined) log.expiresAt = expiry(ttlMs);
    return String(seq);
  }

  async readLog(stream: string, afterId?: string, limit?: number): Promise<LogEntry[]> {
    const after = afterId === undefined ? 0 : Number(afterId);
    if (!Number.isSafeInteger(after)) throw new Error(`readLog: invalid log id ${JSON.stringify(afterId)}`);
    const entries = this.#liveLog(stream)?.entries ?? [];
    // Ids are ascending, so an id that was already dropped still finds its place.
    const start = entries.findIndex((entry) => entry.seq > after);
    if (start === -1) return [];
    const end = limit === undefined ? undefined : start + limit;
    return entries.slice(start, end).map((entry) => ({ id: String(entry.seq), data: entry.data }));
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#values.clear();
    this.#logs.clear();
    this.#channels.clear();
  }

  #live(key: string): Entry | undefined {
    const entry = this.#values.get(key);
    if (entry && isExpired(entry.expiresAt)) {
      this.#values.delete(key);
      return undefined;
    }
    return entry;
  }

  #liveLog(stream: string): Log | undefined {
    const log = this.#logs.get(stream);
    if (log && isExpired(log.expiresAt)) {
      this.#logs.delete(stream);
      return undefined;
    }
    return log;
  }

  #sweep(): void {
    for (const key of this.#values.keys()) this.#live(key);
    for (const stream of this.#logs.keys()) this.#liveLog(stream);
  }
}

function expiry(ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined ? undefined : Date.now() + ttlMs;
}

function isExpired(expiresAt: number | undefined): boolean {
  return expiresAt !== undefined && expiresAt <= Date.now();
}
