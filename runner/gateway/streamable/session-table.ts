import type { HttpReply, HttpRequestHead } from "../../protocol/http-exchange.ts";
import type { Logger } from "pino";
import type { StoredKey } from "../../protocol/api-key.ts";
import type { Lease } from "../../protocol/upstream-handle.ts";
import { McpSession, type RestoredSession } from "../mcp-session.ts";
import type { Fleet } from "../routing/fleet.ts";
import type { SessionDirectory, SessionRecord } from "../routing/session-directory.ts";
import type { Ending, SessionOwner } from "../upstream-session.ts";
import type { UsageRecorder } from "../usage.ts";
import type { EventLog } from "./event-log.ts";

/** How often a busy session's record in the engine is refreshed (it expires after the idle time). */
const TOUCH_EVERY_MS = 30_000;

export interface SessionTableOptions {
  fleet: Fleet;
  directory: SessionDirectory;
  events: EventLog;
  usage?: UsageRecorder;
  log: Logger;
  idleMs: number;
}

export type Found = { ok: true; session: McpSession } | { ok: false; reason: string; message: string };

interface Entry {
  session: McpSession;
  record: SessionRecord;
  savedAt: number;
}

/**
 * The streamable-HTTP sessions this gateway serves, and the engine's record of every session of
 * the cluster: a session id this gateway has never seen is looked up there and taken over, so a
 * client may reach any gateway, and one that restarted, and go on.
 */
export class SessionTable {
  private readonly live = new Map<string, Entry>();

  constructor(private readonly options: SessionTableOptions) {}

  get size(): number {
    return this.live.size;
  }

  sessions(): McpSession[] {
    return [...this.live.values()].map((entry) => entry.session);
  }

  /** A new session on a leased process, answering its initialize; kept only when that succeeds. */
  async open(req: HttpRequestHead, res: HttpReply, body: unknown, owner: SessionOwner, lease: Lease): Promise<McpSession | undefined> {
    const session = this.create(owner, lease);
    await session.handle(req, res, body);
    if (session.protocolVersion === undefined) {
      await session.close("initialize did not complete");
      return undefined;
    }
    const record: SessionRecord = { owner, node: lease.node, process: lease.process, protocolVersion: session.protocolVersion, capabilities: session.capabilities, activeAt: Date.now() };
    this.live.set(session.id, { session, record, savedAt: Date.now() });
    await this.options.directory.save(session.id, record);
    return session;
  }

  /** The session, if it exists and belongs to this key and deployment; otherwise why not. */
  async find(id: string, key: StoredKey, deploymentName: string): Promise<Found> {
    const entry = this.live.get(id) ?? (await this.takeOver(id, key, deploymentName));
    if ("reason" in entry) return entry;
    // A session is only visible to the key that opened it, on the deployment it was opened for.
    if (entry.record.owner.keyId !== key.id || entry.record.owner.deploymentName !== deploymentName) return notFound();
    const now = Date.now();
    if (now - entry.savedAt > TOUCH_EVERY_MS) {
      entry.savedAt = now;
      entry.record.activeAt = now;
      this.options.directory.save(id, entry.record).catch((error: unknown) => this.options.log.warn({ err: error }, "could not refresh a session record"));
    }
    return { ok: true, session: entry.session };
  }

  /**
   * Sessions idle here: suspended when another gateway has served them since (the client moved),
   * otherwise closed for good and their processes given back.
   */
  async sweep(): Promise<void> {
    const cutoff = Date.now() - this.options.idleMs;
    for (const { session, record } of [...this.live.values()]) {
      if (session.lastActive >= cutoff) continue;
      const current = await this.options.directory.find(session.id);
      if (current && !current.lost && current.activeAt > Math.max(cutoff, record.activeAt)) await session.suspend("served by another gateway");
      else await session.close("idle for too long");
    }
  }

  /** Another gateway ended the session (DELETE, revocation, idle): this copy goes, its process is already given back. */
  async endedElsewhere(id: string): Promise<void> {
    await this.live.get(id)?.session.suspend("ended through another gateway");
  }

  /** Lets every session go without ending it: their processes stay for this or another gateway. */
  async suspendAll(reason: string): Promise<void> {
    await Promise.all(this.sessions().map((session) => session.suspend(reason)));
  }

  private async takeOver(id: string, key: StoredKey, deploymentName: string): Promise<Entry | { ok: false; reason: string; message: string }> {
    const record = await this.options.directory.find(id);
    if (!record || record.owner.keyId !== key.id || record.owner.deploymentName !== deploymentName) return notFound();
    if (record.lost) return lost(record.lost);
    const handle = await this.options.fleet.adopt(record.node, record.process);
    if (!handle) {
      const reason = `its process ${record.process} on node ${record.node} is gone`;
      await this.options.directory.markLost(id, record, reason);
      return lost(reason);
    }
    const restored: RestoredSession = { id, protocolVersion: record.protocolVersion, capabilities: record.capabilities };
    const session = this.create(record.owner, { handle, node: record.node, process: record.process }, restored);
    const entry = { session, record, savedAt: 0 };
    this.live.set(id, entry);
    return entry;
  }

  private create(owner: SessionOwner, lease: Lease, restored?: RestoredSession): McpSession {
    const { fleet, directory, events, usage, log } = this.options;
    return new McpSession(
      owner,
      lease.handle,
      {
        onClosed: (session, ending: Ending, reason) => {
          const entry = this.live.get(session.id);
          this.live.delete(session.id);
          if (!entry) return;
          const recorded = ending === "closed" ? directory.remove(session.id) : ending === "upstream_lost" ? directory.markLost(session.id, entry.record, reason) : undefined;
          recorded?.catch((error: unknown) => log.warn({ err: error }, "could not update a session record"));
        },
        release: (reason) => fleet.release(owner.deploymentId, lease, reason),
        usage,
        events,
      },
      restored,
    );
  }
}

function notFound(): { ok: false; reason: string; message: string } {
  return { ok: false, reason: "no_session", message: "no such MCP session (it ended, or it belongs to another key): initialize a new one" };
}

function lost(why: string): { ok: false; reason: string; message: string } {
  return { ok: false, reason: "upstream_lost", message: `this session can not go on: ${why}; initialize a new session` };
}
