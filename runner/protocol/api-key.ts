import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Tenant API keys look like `sy_<prefix>_<secret>`: the prefix (12 hex characters) is public and
 * finds the key row; only a SHA-256 of the secret (32 random bytes, base64url) is stored. A plain
 * hash is enough here because the secret is random and long, unlike a password.
 */
const KEY_PATTERN = /^sy_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const MAX_KEY_LENGTH = 256;

/** A key as stored: found by its public prefix, checked against the hash of its secret. */
export interface StoredKey {
  id: string;
  tenantId: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  rateLimitPerMinute: number;
  /** Calls per UTC day across all gateways; null means unlimited. */
  dailyQuota: number | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export type ParsedApiKey =
  | { ok: true; prefix: string; secret: string }
  | { ok: false; reason: "missing" | "too_long" | "malformed"; message: string };

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { key: `sy_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison of two tokens. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(secretHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function parseApiKey(raw: string | undefined): ParsedApiKey {
  if (raw === undefined || raw.trim() === "") {
    return { ok: false, reason: "missing", message: "no API key: send `Authorization: Bearer sy_...`" };
  }
  if (raw.length > MAX_KEY_LENGTH) {
    return { ok: false, reason: "too_long", message: `the API key is ${raw.length} characters; keys are at most ${MAX_KEY_LENGTH}` };
  }
  const match = KEY_PATTERN.exec(raw.trim());
  if (!match) {
    return {
      ok: false,
      reason: "malformed",
      message: "the API key is malformed: expected sy_<12 hex>_<43 characters>, as shown once when the key was created",
    };
  }
  return { ok: true, prefix: match[1]!, secret: match[2]! };
}

/** `Bearer <key>` → key; anything else → undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(.*)$/i.exec(header);
  return match ? match[1] : undefined;
}
