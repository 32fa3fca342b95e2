import { describe, expect, it } from "vitest";
import { type StoredKey, generateApiKey } from "../protocol/api-key.ts";
import { KeyAuthenticator } from "./key-auth.ts";

function storedKey(prefix: string, secretHash: string, revokedAt: Date | null = null): StoredKey {
  return { id: "key-1", tenantId: "tenant-1", prefix, secretHash, scopes: ["*"], rateLimitPerMinute: 600, dailyQuota: null, revokedAt };
}

/** A findKey whose answers the test releases one at a time. */
function controlledLookups() {
  const waiting: Array<(key: StoredKey | null) => void> = [];
  return {
    findKey: (_prefix: string) => new Promise<StoredKey | null>((resolve) => waiting.push(resolve)),
    calls: () => waiting.length,
    answer: (index: number, key: StoredKey | null) => waiting[index]!(key),
  };
}

async function flush(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe("KeyAuthenticator", () => {
  it("does not cache a lookup that was in flight when the key was revoked", async () => {
    const created = generateApiKey();
    const lookups = controlledLookups();
    const auth = new KeyAuthenticator({ findKey: lookups.findKey, markKeyUsed: async () => {} });

    // A request reads the key row just before the revocation commits ...
    const inFlight = auth.authenticate(`Bearer ${created.key}`, "everything");
    await flush();
    // ... the revocation is announced while that read is still under way ...
    auth.forget(created.prefix);
    lookups.answer(0, storedKey(created.prefix, created.secretHash));
    expect((await inFlight).ok).toBe(true);

    // ... and the next request must ask the database again rather than trust the stale row.
    const next = auth.authenticate(`Bearer ${created.key}`, "everything");
    await flush();
    expect(lookups.calls()).toBe(2);
    lookups.answer(1, storedKey(created.prefix, created.secretHash, new Date()));
    expect(await next).toMatchObject({ ok: false, status: 401, reason: "key_revoked" });
  });

  it("caches a key between requests when nothing was revoked", async () => {
    const created = generateApiKey();
    const lookups = controlledLookups();
    const auth = new KeyAuthenticator({ findKey: lookups.findKey, markKeyUsed: async () => {} });

    const first = auth.authenticate(`Bearer ${created.key}`, "everything");
    await flush();
    lookups.answer(0, storedKey(created.prefix, created.secretHash));
    expect((await first).ok).toBe(true);
    expect((await auth.authenticate(`Bearer ${created.key}`, "everything")).ok).toBe(true);
    expect(lookups.calls()).toBe(1);
  });
});
