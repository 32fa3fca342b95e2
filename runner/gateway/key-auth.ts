import { timingSafeEqual } from "node:crypto";
import { type StoredKey, bearerToken, parseApiKey, secretMatches } from "../protocol/api-key.ts";

export interface KeyAuthOptions {
  findKey(prefix: string): Promise<StoredKey | null>;
  markKeyUsed(keyId: string, at: Date): Promise<void>;
  /** How long a looked-up key is trusted without asking the database again. */
  cacheMs?: number;
  onError?(error: unknown): void;
}

export type AuthResult =
  | { ok: true; key: StoredKey }
  | { ok: false; status: 401 | 403; reason: string; message: string };

const MAX_CACHED = 10_000;
const USED_WRITE_EVERY_MS = 60_000;

/**
 * Authenticates `Authorization: Bearer` keys with a cache in front of the database; revocations
 * arrive through `forget(prefix)` (engine pub/sub), so a revoked key stops working at once.
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, { key: StoredKey | null; until: number; verified?: Buffer }>();
  private readonly lastUsedWrite = new Map<string, number>();
  /** Counts `forget` calls, so a lookup that overlapped a revocation is not cached. */
  private forgets = 0;

  constructor(private readonly options: KeyAuthOptions) {}

  async authenticate(authorization: string | undefined, deployment: string): Promise<AuthResult> {
    const parsed = parseApiKey(bearerToken(authorization));
    if (!parsed.ok) return { ok: false, status: 401, reason: parsed.reason === "missing" ? "missing_key" : `key_${parsed.reason}`, message: parsed.message };
    const key = await this.lookup(parsed.prefix);
    if (!key || !this.verify(parsed.prefix, parsed.secret, key)) {
      return { ok: false, status: 401, reason: "unknown_key", message: "the API key is not valid: no key with this prefix and secret exists" };
    }
    if (key.revokedAt) {
      return { ok: false, status: 401, reason: "key_revoked", message: `the API key sy_${key.prefix}_… was revoked at ${key.revokedAt.toISOString()}` };
    }
    if (!key.scopes.includes("*") && !key.scopes.includes(deployment)) {
      return { ok: false, status: 403, reason: "scope", message: `the API key sy_${key.prefix}_… may not call deployment "${deployment}" (its scopes: ${key.scopes.join(", ")})` };
    }
    this.noteUse(key.id);
    return { ok: true, key };
  }

  /**
   * The secret against the key's hash. A secret that matched before is compared as it is (in
   * constant time) instead of hashed again: hashing was the largest cost of authenticating.
   */
  private verify(prefix: string, secret: string, key: StoredKey): boolean {
    const entry = this.cache.get(prefix);
    const given = Buffer.from(secret);
    if (entry?.verified && entry.verified.length === given.length && timingSafeEqual(entry.verified, given)) return true;
    if (!secretMatches(secret, key.secretHash)) return false;
    if (entry?.key === key) entry.verified = given;
    return true;
  }

  forget(prefix: string): void {
    this.forgets += 1;
    this.cache.delete(prefix);
  }

  private async lookup(prefix: string): Promise<StoredKey | null> {
    const now = Date.now();
    const cached = this.cache.get(prefix);
    if (cached && cached.until > now) return cached.key;
    const forgetsBefore = this.forgets;
    const key = await this.options.findKey(prefix);
    // A revocation announced while the row was being read may not be in that row: don't keep it.
    if (this.forgets !== forgetsBefore) return key;
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    // Unknown prefixes are remembered briefly too, so guessing does not reach the database each time.
    this.cache.set(prefix, { key, until: now + (key ? (this.options.cacheMs ?? 30_000) : 5_000) });
    return key;
  }

  /** lastUsedAt is for people, not accounting: one write a minute per key is enough. */
  private noteUse(keyId: string): void {
    const now = Date.now();
    if ((this.lastUsedWrite.get(keyId) ?? 0) + USED_WRITE_EVERY_MS > now) return;
    this.lastUsedWrite.set(keyId, now);
    this.options.markKeyUsed(keyId, new Date(now)).catch((error: unknown) => this.options.onError?.(error));
  }
}
