import type { Engine } from "../../../server/engine/engine.ts";
import { CHANNELS, ENGINE_KEYS } from "../../protocol/channels.ts";
import type { SessionOwner } from "../upstream-session.ts";

/** What any gateway needs to go on with a streamable-HTTP session another gateway opened. */
export interface SessionRecord {
  owner: SessionOwner;
  node: string;
  process: string;
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  /** When a gateway last saw the session used (ms since the epoch). */
  activeAt: number;
  /** Why the session cannot go on, once its process is gone. */
  lost?: string;
}

/** How long the record of a session whose process was lost stays, to tell its client why. */
const LOST_RECORD_MS = 10 * 60_000;

/**
 * Session affinity kept in the engine: which node and process each session runs on, so any
 * gateway instance can serve any session, and a restarted gateway finds its sessions again.
 */
export class SessionDirectory {
  constructor(
    private readonly engine: Engine,
    private readonly idleMs: number,
  ) {}

  save(id: string, record: SessionRecord): Promise<void> {
    return this.engine.set(ENGINE_KEYS.session(id), JSON.stringify(record), this.idleMs);
  }

  async find(id: string): Promise<SessionRecord | null> {
    const stored = await this.engine.get(ENGINE_KEYS.session(id));
    return stored ? (JSON.parse(stored) as SessionRecord) : null;
  }

  markLost(id: string, record: SessionRecord, reason: string): Promise<void> {
    return this.engine.set(ENGINE_KEYS.session(id), JSON.stringify({ ...record, lost: reason }), LOST_RECORD_MS);
  }

  /** The session ended for good: its record goes, and every gateway holding it is told. */
  async remove(id: string): Promise<void> {
    await this.engine.delete(ENGINE_KEYS.session(id));
    await this.engine.publish(CHANNELS.sessionEnded, id);
  }
}
