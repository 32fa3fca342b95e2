import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runEngineContract } from "./engine.contract.ts";
import { RedisEngine } from "./redis-engine.ts";
import { deleteRedisKeys } from "./redis-test-keys.ts";

const url = process.env.REDIS_URL ?? "";
// Every engine gets its own prefix under this run's, so runs never see each other's keys.
const runPrefix = `sy-test:${randomUUID()}:`;

describe.runIf(Boolean(url))("redis engine (REDIS_URL)", () => {
  runEngineContract("contract", async () => RedisEngine.connect(url, { keyPrefix: `${runPrefix}${randomUUID()}:` }));

  afterAll(() => deleteRedisKeys(url, runPrefix));
});

describe("RedisEngine.connect", () => {
  it("fails fast with one readable line when Redis is unreachable", async () => {
    const attempt = RedisEngine.connect("redis://127.0.0.1:1");
    await expect(attempt).rejects.toThrow("REDIS_URL: cannot reach redis://127.0.0.1:1 (ECONNREFUSED)");
  });

  it("masks the password in the message", async () => {
    const error: unknown = await RedisEngine.connect("redis://user:secret@127.0.0.1:1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("redis://user:***@127.0.0.1:1");
    expect((error as Error).message).not.toContain("secret");
  });
});
