import { Redis } from "./ioredis.ts";
import { StartupError, maskUrl } from "../errors.ts";
import type { Engine, LogEntry, Unsubscribe } from "./engine.ts";

// EXISTS before INCRBY: the expiry is set only when this call creates the counter (a fixed window).
const INCREMENT_SCRIPT = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if created and ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

const LOG_FIELD = "d";
const CONNECT_TIMEOUT_MS = 3_000;

interface Subscription {
  onMessage: (message: string) => void;
}

interface Channel {
  subscriptions: Set<Subscription>;
  ready: Promise<unknown>;
}

/**
 * Shared state in Redis. Values live under `<keyPrefix>kv:`, logs (streams) under `<keyPrefix>log:`
 * so `keys()` never lists a log and a value never collides with a log of the same name.
 */
export class RedisEngine implements Engine {
  readonly kind = "redis" as const;

  #client: Redis;
  #subscriber: Redis | undefined;
  #prefix: string;
  #channels = new Map<string, Channel>();
  #everReady = false;
  #closed = false;
  #lastError: Error | undefined;

  /** Prefer `RedisEngine.connect`, which fails fast with a readable error when Redis is down. */
  constructor(url: string, options: { keyPrefix?: string } = {}) {
    this.#prefix = options.keyPrefix ?? "sy:";
    this.#client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 2,
      // Give up while the first connection is being made; reconnect after it has worked once.
      retryStrategy: (times) => (this.#everReady ? Math.min(times * 200, 2_000) : null),
    });
    this.#client.on("ready", () => {
      this.#everReady = true;
    });
    this.#watchErrors(this.#client);
  }

  static async connect(url: string, options: { keyPrefix?: string } = {}): Promise<RedisEngine> {
    const engine = new RedisEngine(url, options);
    let timer: NodeJS.Timeout | undefined;
    // connectTimeout covers only the TCP connect; this also bounds a server that accepts and stays silent.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    });
    try {
      await Promise.race([engine.#client.connect().then(() => engine.#client.ping()), timeout]);
    } catch (error) {
      engine.#client.disconnect();
      const cause = engine.#lastError ?? error;
      const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
      throw new StartupError(
        `REDIS_URL: cannot reach ${maskUrl(url)} (${reason}) — is Redis running? e.g. REDIS_URL=redis://127.0.0.1:6379`,
        { cause },
      );
    } finally {
      clearTimeout(timer);
    }
    return engine;
  }

  async get(key: string): Promise<string | null> {
    return this.#client.get(this.#key(key));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs === undefined) await this.#client.set(this.#key(key), value);
    else await this.#client.set(this.#key(key), value, "PX", Math.ceil(ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const reply =
      ttlMs === undefined
        ? await this.#client.set(this.#key(key), value, "NX")
        : await this.#client.set(this.#key(key), value, "PX", Math.ceil(ttlMs), "NX");
    return reply === "OK";
  }

  async delete(key: string): Promise<void> {
    await this.#client.del(this.#key(key));
  }

  async keys(prefix: string): Promise<string[]> {
    const base = this.#key("");
    const pattern = `${escapeGlob(base + prefix)}*`;
    const found = new Set<string>();
    let cursor = "0";
    do {
      const [next, batch] = await this.#client.scan(cursor, "MATCH", pattern, "COUNT", 200);
      for (const key of batch) found.add(key.slice(base.length));
      cursor = next;
    } while (cursor !== "0");
    return [...found];
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    const ttl = ttlMs === undefined ? "" : String(Math.ceil(ttlMs));
    return Number(await this.#client.eval(INCREMENT_SCRIPT, 1, this.#key(key), by, ttl));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#client.publish(this.#prefix + channel, message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    const name = this.#prefix + channel;
    const subscription: Subscription = { onMessage };
    let entry = this.#channels.get(name);
    if (!entry) {
      entry = { subscriptions: new Set(), ready: this.#subscriberConnection().subscribe(name) };
      this.#channels.set(name, entry);
    }
    entry.subscriptions.add(subscription);
    try {
      await entry.ready;
    } catch (error) {
      await this.#drop(name, subscription);
      throw error;
    }
    return () => this.#drop(name, subscription);
  }

  async appendLog(stream: string, data: string, maxLength: number, ttlMs?: number): Promise<string> {
    const key = this.#logKey(stream);
    const tx = this.#client.multi().xadd(key, "MAXLEN", maxLength, "*", LOG_FIELD, data);
    if (ttlMs !== undefined) tx.pexpire(key, Math.ceil(ttlMs));
    const results = await tx.exec();
    const [xadd] = results ?? [];
    if (!xadd) throw new Error(`appendLog: transaction on ${stream} was aborted`);
    const [error, id] = xadd;
    if (error) throw error;
    return String(id);
  }

  async readLog(stream: string, afterId?: string, limit?: number): Promise<LogEntry[]> {
    const key = this.#logKey(stream);
    const start = afterId === undefined ? "-" : `(${afterId}`;
    const rows =
      limit === undefined
        ? await this.#client.xrange(key, start, "+")
        : await this.#client.xrange(key, start, "+", "COUNT", limit);
    return rows.map(([id, fields]) => ({ id, data: fieldValue(fields, LOG_FIELD) }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#channels.clear();
    await Promise.all([quit(this.#client), this.#subscriber && quit(this.#subscriber)]);
  }

  #key(key: string): string {
    return `${this.#prefix}kv:${key}`;
  }

  #logKey(stream: string): string {
    return `${this.#prefix}log:${stream}`;
  }

  #subscriberConnection(): Redis {
    if (!this.#subscriber) {
      const subscriber = this.#client.duplicate();
      this.#watchErrors(subscriber);
      subscriber.on("message", (channel: string, message: string) => {
        const entry = this.#channels.get(channel);
        if (!entry) return;
        for (const subscription of [...entry.subscriptions]) subscription.onMessage(message);
      });
      this.#subscriber = subscriber;
    }
    return this.#subscriber;
  }

  async #drop(name: string, subscription: Subscription): Promise<void> {
    const entry = this.#channels.get(name);
    if (!entry?.subscriptions.delete(subscription) || entry.subscriptions.size > 0) return;
    this.#channels.delete(name);
    if (!this.#closed) await this.#subscriber?.unsubscribe(name);
  }

  #watchErrors(connection: Redis): void {
    // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
    // Commands still reject with their own errors.
    connection.on("error", (error: Error) => {
      this.#lastError = error;
    });
  }
}

async function quit(connection: Redis): Promise<void> {
  if (connection.status === "ready") {
    await connection.quit();
  } else {
    connection.disconnect();
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

function fieldValue(fields: string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === name) return fields[i + 1] ?? "";
  }
  return "";
}
