/**
 * The engine holds the shared, fast-changing state of a Switchyard cluster: node discovery and
 * heartbeats, session affinity, rate-limit counters, resumable event logs and pub/sub.
 * Two backends implement it: in-memory (one process, the embedded default) and Redis.
 * Both pass the same contract suite (engine.contract.ts).
 */
export interface LogEntry {
  /** Monotonic, opaque id; pass it back to `readLog` to read what came after it. */
  id: string;
  data: string;
}

export type Unsubscribe = () => Promise<void>;

export interface Engine {
  readonly kind: "memory" | "redis";

  get(key: string): Promise<string | null>;
  /** Stores `value`; with `ttlMs` the key disappears after that many milliseconds. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Stores only when the key is absent; returns whether it stored. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix` (for discovery of a handful of nodes, not for hot paths). */
  keys(prefix: string): Promise<string[]>;

  /**
   * Atomically adds `by` to a counter and returns the new value. `ttlMs` sets the counter's
   * expiry when this call creates it (a fixed window), and is left alone otherwise.
   */
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;

  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active, so a publish after it is always seen. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe>;

  /** Appends to a capped log: past `maxLength` entries, the oldest are dropped. */
  appendLog(stream: string, data: string, maxLength: number, ttlMs?: number): Promise<string>;
  /** Entries after `afterId` (or from the oldest kept, without it), oldest first. */
  readLog(stream: string, afterId?: string, limit?: number): Promise<LogEntry[]>;

  close(): Promise<void>;
}
