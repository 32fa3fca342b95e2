import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export type Direction = "out" | "in";
export type EntryKind = "request" | "response" | "error" | "notification" | "transport";

export interface TimelineEntry {
  seq: number;
  /** Wall-clock time (ms since the epoch). */
  at: number;
  direction: Direction;
  kind: EntryKind;
  /** The method; for a response, the method of the request it answers. */
  method?: string;
  id?: string | number;
  /** Bytes of the message as JSON (UTF-8). */
  size: number;
  /** For a response or error: ms since its request was sent (or received). */
  latencyMs?: number;
  /** The message itself; for a transport event, its description. */
  message: JSONRPCMessage | { transport: string };
}

/** Entries kept per connection; older ones are dropped (and counted) past this. */
export const TIMELINE_LIMIT = 2000;

const encoder = new TextEncoder();

/**
 * Every JSON-RPC message of one connection, both ways, with its latency; a small store that
 * React reads through useSyncExternalStore (snapshot() returns a new array on each change).
 */
export class Timeline {
  private entries: TimelineEntry[] = [];
  private seq = 0;
  private droppedCount = 0;
  private readonly listeners = new Set<() => void>();
  /** "out:7" → when request 7 went out and its method; "in:3" for requests the server sent us. */
  private readonly pending = new Map<string, { started: number; method: string }>();

  constructor(private readonly now: () => number = () => performance.now(), private readonly clock: () => number = () => Date.now()) {}

  record(direction: Direction, message: JSONRPCMessage): TimelineEntry {
    const m = message as { id?: string | number; method?: string; result?: unknown; error?: unknown };
    const size = encoder.encode(JSON.stringify(message)).length;
    const base = { seq: ++this.seq, at: this.clock(), direction, size, message };
    let entry: TimelineEntry;
    if (m.method !== undefined && m.id !== undefined) {
      this.pending.set(`${direction}:${m.id}`, { started: this.now(), method: m.method });
      // Requests that never get an answer (cancelled, connection lost) must not pile up.
      if (this.pending.size > TIMELINE_LIMIT) this.pending.delete(this.pending.keys().next().value!);
      entry = { ...base, kind: "request", method: m.method, id: m.id };
    } else if (m.method !== undefined) {
      entry = { ...base, kind: "notification", method: m.method };
    } else {
      // A reply travels the other way from its request.
      const key = `${direction === "in" ? "out" : "in"}:${m.id}`;
      const request = this.pending.get(key);
      this.pending.delete(key);
      entry = {
        ...base,
        kind: m.error !== undefined ? "error" : "response",
        ...(m.id !== undefined ? { id: m.id } : {}),
        ...(request ? { method: request.method, latencyMs: this.now() - request.started } : {}),
      };
    }
    this.push(entry);
    return entry;
  }

  /** A transport event (an error, the connection closing) shown among the messages. */
  note(text: string): void {
    this.push({ seq: ++this.seq, at: this.clock(), direction: "in", kind: "transport", size: 0, message: { transport: text } });
  }

  snapshot = (): readonly TimelineEntry[] => this.entries;

  get dropped(): number {
    return this.droppedCount;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  clear(): void {
    this.entries = [];
    this.droppedCount = 0;
    this.emit();
  }

  private push(entry: TimelineEntry): void {
    const overflow = this.entries.length + 1 - TIMELINE_LIMIT;
    const kept = overflow > 0 ? this.entries.slice(overflow) : this.entries.slice();
    this.droppedCount += Math.max(0, overflow);
    kept.push(entry);
    this.entries = kept;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export interface TimelineFilter {
  /** Substring of the method (case-insensitive); empty for all. */
  method: string;
  kinds: ReadonlySet<EntryKind>;
  direction: Direction | "both";
}

export function filterTimeline(entries: readonly TimelineEntry[], filter: TimelineFilter): TimelineEntry[] {
  const text = filter.method.trim().toLowerCase();
  return entries.filter(
    (e) =>
      filter.kinds.has(e.kind) &&
      (filter.direction === "both" || e.direction === filter.direction) &&
      (text === "" || (e.method ?? (e.kind === "transport" ? "transport" : "")).toLowerCase().includes(text)),
  );
}
