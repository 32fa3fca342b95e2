import { generateApiKey } from "../../runner/protocol/api-key.ts";
import { type UsageFigures, readUsage, usageDay } from "../../runner/gateway/usage.ts";
import { quotaCounterKey } from "../../runner/gateway/quota.ts";
import { CHANNELS } from "../../runner/protocol/channels.ts";
import type { Db, Tx } from "../db/database.ts";
import type { Engine } from "../engine/engine.ts";
import { AppError } from "../errors.ts";

/** A key as the console shows it: never its secret; times as ISO strings, as they travel. */
export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  /** Calls per UTC day; null means unlimited. */
  dailyQuota: number | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

type KeyRow = Omit<KeyView, "lastUsedAt" | "revokedAt" | "createdAt"> & {
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

function toView(row: KeyRow): KeyView {
  return {
    ...row,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const keyView = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  rateLimitPerMinute: true,
  dailyQuota: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export interface CreateKeyOptions {
  tenantId: string;
  name: string;
  scopes: string[];
  rateLimitPerMinute?: number;
  /** Calls per UTC day; absent or null means unlimited. */
  dailyQuota?: number | null;
  actor: string;
}

/** Returns the full key once; only its prefix and a hash of its secret are kept. */
export async function createKey(options: CreateKeyOptions & { db: Db }): Promise<{ key: string; view: KeyView }> {
  return options.db.$transaction((tx) => insertKey(tx, options));
}

/** createKey inside a transaction the caller already holds. */
export async function insertKey(tx: Tx, options: CreateKeyOptions): Promise<{ key: string; view: KeyView }> {
  const { tenantId, name, scopes, rateLimitPerMinute, dailyQuota, actor } = options;
  const created = generateApiKey();
  const row = await tx.apiKey.create({
    data: { tenantId, name, scopes, rateLimitPerMinute, dailyQuota, prefix: created.prefix, secretHash: created.secretHash },
    select: keyView,
  });
  await tx.auditEvent.create({
    data: { tenantId, actor, action: "key.create", target: `key:${created.prefix}`, data: { name, scopes } },
  });
  return { key: created.key, view: toView(row) };
}

export interface KeyWithUsage extends KeyView {
  /** Today's figures (UTC), as every gateway recorded them. */
  today: UsageFigures;
  /**
   * Requests counted against the daily quota today (every admitted request, not only tool calls:
   * what the gateways enforce), or null for a key without a quota.
   */
  quotaUsed: number | null;
}

export async function listKeys(options: { db: Db; engine: Engine; tenantId: string }): Promise<KeyWithUsage[]> {
  const rows = await options.db.apiKey.findMany({
    where: { tenantId: options.tenantId },
    select: keyView,
    orderBy: { createdAt: "desc" },
  });
  const now = Date.now();
  const day = usageDay(now);
  return Promise.all(
    rows.map(async (row) => ({
      ...toView(row),
      today: await readUsage(options.engine, row.id, day),
      // The counter also counts the refused requests past the quota; those did not use any of it.
      quotaUsed: row.dailyQuota === null ? null : Math.min(row.dailyQuota, Number((await options.engine.get(quotaCounterKey(row.id, now))) ?? 0)),
    })),
  );
}

/** Revokes at once on every gateway: the engine tells them to drop the key from their caches. */
export async function revokeKey(options: {
  db: Db;
  engine: Engine;
  tenantId: string;
  keyId: string;
  actor: string;
}): Promise<KeyView> {
  const { db, engine, tenantId, keyId, actor } = options;
  const view = await db.$transaction(async (tx) => {
    const existing = await tx.apiKey.findFirst({ where: { id: keyId, tenantId }, select: keyView });
    if (!existing) throw new AppError("NOT_FOUND", `no API key with id ${keyId} in this tenant`);
    if (existing.revokedAt) {
      throw new AppError("CONFLICT", `API key sy_${existing.prefix}_… was already revoked at ${existing.revokedAt.toISOString()}`);
    }
    const row = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, select: keyView });
    await tx.auditEvent.create({ data: { tenantId, actor, action: "key.revoke", target: `key:${row.prefix}` } });
    return toView(row);
  });
  await engine.publish(CHANNELS.keyRevoked, view.prefix);
  return view;
}
