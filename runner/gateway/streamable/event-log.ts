import type { Engine } from "../../../server/engine/engine.ts";

/** How many events of one stream are kept for a client that reconnects. */
const KEPT_EVENTS = 1000;

/**
 * The events sent on each SSE stream of a session, kept in the engine's capped log, so a client
 * that reconnects with Last-Event-ID — to this gateway or another — gets what it missed. Event ids
 * are `<stream>-<seq>`; writes are not awaited (the engine keeps their order) so logging never
 * holds up delivery.
 */
export class EventLog {
  constructor(
    private readonly engine: Engine,
    private readonly ttlMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  append(sessionId: string, stream: number, seq: number, data: string): void {
    this.engine.appendLog(logKey(sessionId, stream), `${seq} ${data}`, KEPT_EVENTS, this.ttlMs).catch(this.onError);
  }

  /** The stream's events after `afterSeq`, oldest first, as [seq, data]. */
  async after(sessionId: string, stream: number, afterSeq: number): Promise<Array<[number, string]>> {
    const entries = await this.engine.readLog(logKey(sessionId, stream), undefined, KEPT_EVENTS);
    const events: Array<[number, string]> = [];
    for (const { data } of entries) {
      const space = data.indexOf(" ");
      const seq = Number(data.slice(0, space));
      if (seq > afterSeq) events.push([seq, data.slice(space + 1)]);
    }
    return events;
  }
}

function logKey(sessionId: string, stream: number): string {
  return `events:${sessionId}:${stream}`;
}

/** `<stream>-<seq>` from a Last-Event-ID header, or null when it is not one of ours. */
export function parseEventId(value: string | undefined): { stream: number; seq: number } | null {
  const match = value === undefined ? null : /^(\d{1,9})-(\d{1,15})$/.exec(value);
  return match ? { stream: Number(match[1]), seq: Number(match[2]) } : null;
}
