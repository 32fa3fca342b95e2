import { describe, expect, it } from "vitest";
import { type RequestStateClaims, RequestStateSealer, salientDigest } from "./request-state.ts";

const claims: RequestStateClaims = { keyId: "k1", deploymentId: "d1", method: "tools/call", digest: "h", parkId: "p1", round: 1, expiresAt: 10_000 };
const expected = { keyId: "k1", deploymentId: "d1", method: "tools/call", digest: "h" };

describe("RequestStateSealer", () => {
  it("opens what it sealed, for the same key, deployment, method and params", () => {
    const sealer = new RequestStateSealer(() => 5_000);
    expect(sealer.open(sealer.seal(claims), expected)).toEqual({ ok: true, claims });
  });

  it("refuses an altered token, garbage, and another gateway's token", () => {
    const sealer = new RequestStateSealer(() => 5_000);
    const token = sealer.seal(claims);
    const flipped = Buffer.from(token, "base64url");
    flipped[flipped.length - 1]! ^= 1;
    expect(sealer.open(flipped.toString("base64url"), expected)).toMatchObject({ ok: false, message: expect.stringMatching(/not a state this gateway issued/) });
    expect(sealer.open("abc", expected)).toMatchObject({ ok: false });
    expect(new RequestStateSealer(() => 5_000).open(token, expected)).toMatchObject({ ok: false, message: expect.stringMatching(/another gateway/) });
  });

  it("refuses an expired token", () => {
    let now = 5_000;
    const sealer = new RequestStateSealer(() => now);
    const token = sealer.seal(claims);
    now = 10_000;
    expect(sealer.open(token, expected)).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
  });

  it("refuses a token for another key, deployment, method or params", () => {
    const sealer = new RequestStateSealer(() => 5_000);
    const token = sealer.seal(claims);
    expect(sealer.open(token, { ...expected, keyId: "k2" })).toMatchObject({ ok: false, message: expect.stringMatching(/another API key/) });
    for (const other of [{ deploymentId: "d2" }, { method: "prompts/get" }, { digest: "other" }]) {
      expect(sealer.open(token, { ...expected, ...other })).toMatchObject({ ok: false, message: expect.stringMatching(/another request/) });
    }
  });
});

describe("salientDigest", () => {
  it("is the same for the same tool and arguments in any key order, and differs otherwise", () => {
    const a = salientDigest("tools/call", { name: "t", arguments: { x: 1, y: { b: 2, a: 1 } }, _meta: { progressToken: 1 } });
    const b = salientDigest("tools/call", { arguments: { y: { a: 1, b: 2 }, x: 1 }, name: "t" });
    expect(a).toBe(b);
    expect(salientDigest("tools/call", { name: "t", arguments: { x: 2 } })).not.toBe(a);
    expect(salientDigest("resources/read", { uri: "a://1" })).not.toBe(salientDigest("resources/read", { uri: "a://2" }));
  });
});
