import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box.ts";

describe("SecretBox", () => {
  const box = new SecretBox(randomBytes(32));

  it("round-trips values and never stores the plaintext", () => {
    const sealed = box.sealAll({ API_TOKEN: "tok-123456", EMPTY: "" });
    expect(JSON.stringify(sealed)).not.toContain("tok-123456");
    expect(box.openAll(sealed)).toEqual({ API_TOKEN: "tok-123456", EMPTY: "" });
  });

  it("uses a fresh IV each time", () => {
    expect(box.seal("same").data).not.toBe(box.seal("same").data);
  });

  it("refuses a tampered value or another key", () => {
    const sealed = box.seal("secret");
    const flipped = Buffer.from(sealed.data, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open({ ...sealed, data: flipped.toString("base64url") })).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it("refuses a key of the wrong size", () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow("32-byte key");
  });
});
