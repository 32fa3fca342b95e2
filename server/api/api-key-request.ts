import { bearerToken, parseApiKey, secretMatches } from "../../runner/protocol/api-key.ts";
import { AppError } from "../errors.ts";
import { findKeyByPrefix, markKeyUsed } from "../keys/key-lookup.ts";
import type { Runtime } from "../runtime-registry.ts";

export interface KeyCaller {
  tenantId: string;
  keyId: string;
  /** For the audit log: `key:<prefix>`. */
  actor: string;
}

/**
 * The tenant behind `Authorization: Bearer <key>` on the management API. Only keys with the
 * "*" scope manage a tenant (publish, deploy, create keys): a key scoped to some deployments
 * can call those and nothing else.
 */
export async function keyCaller(runtime: Runtime, request: Request): Promise<KeyCaller> {
  const parsed = parseApiKey(bearerToken(request.headers.get("authorization") ?? undefined));
  if (!parsed.ok) throw new AppError("UNAUTHORIZED", parsed.message);
  const key = await findKeyByPrefix(runtime.database.prisma, parsed.prefix);
  if (!key || !secretMatches(parsed.secret, key.secretHash)) throw new AppError("UNAUTHORIZED", "the API key is not valid: no key with this prefix and secret exists");
  if (key.revokedAt) throw new AppError("UNAUTHORIZED", `the API key sy_${key.prefix}_… was revoked at ${key.revokedAt.toISOString()}`);
  if (!key.scopes.includes("*")) {
    throw new AppError("FORBIDDEN", `the API key sy_${key.prefix}_… is scoped to ${key.scopes.join(", ")}; managing the tenant needs a key with the "*" scope`);
  }
  await markKeyUsed(runtime.database.prisma, key.id, new Date());
  return { tenantId: key.tenantId, keyId: key.id, actor: `key:${key.prefix}` };
}
