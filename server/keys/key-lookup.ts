import type { StoredKey } from "../../runner/protocol/api-key.ts";
import type { Db } from "../db/database.ts";

export function findKeyByPrefix(db: Db, prefix: string): Promise<StoredKey | null> {
  return db.apiKey.findUnique({
    where: { prefix },
    select: { id: true, tenantId: true, prefix: true, secretHash: true, scopes: true, rateLimitPerMinute: true, dailyQuota: true, revokedAt: true },
  });
}

export async function markKeyUsed(db: Db, keyId: string, at: Date): Promise<void> {
  await db.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: at } });
}
