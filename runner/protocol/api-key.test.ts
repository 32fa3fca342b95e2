import { describe, expect, it } from "vitest";
import { bearerToken, generateApiKey, hashSecret, parseApiKey, secretMatches } from "./api-key.ts";

describe("API keys", () => {
  it("generates keys that parse back to their prefix and match their hash", () => {
    const created = generateApiKey();
    expect(created.key).toMatch(/^sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(created.key);
    expect(parsed).toEqual({ ok: true, prefix: created.prefix, secret: created.key.slice(16) });
    expect(parsed.ok && secretMatches(parsed.secret, created.secretHash)).toBe(true);
    expect(created.secretHash).not.toContain(created.key.slice(16));
  });

  it("never produces the same key twice", () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateApiKey().key));
    expect(keys.size).toBe(500);
  });

  it("refuses a wrong secret", () => {
    const created = generateApiKey();
    expect(secretMatches("x".repeat(43), created.secretHash)).toBe(false);
    expect(secretMatches("short", hashSecret("other"))).toBe(false);
  });

  it.each([
    [undefined, "missing"],
    ["", "missing"],
    ["   ", "missing"],
    ["sy_" + "a".repeat(300), "too_long"],
    ["sk_wrong", "malformed"],
    ["sy_0123456789ab_tooShort", "malformed"],
    ["sy_XYZ456789abc_" + "a".repeat(43), "malformed"],
  ])("parses %j as %s", (raw, reason) => {
    const parsed = parseApiKey(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toBe(reason);
  });

  it("reads bearer tokens case-insensitively and nothing else", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
