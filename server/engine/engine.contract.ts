import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Engine } from "./engine.ts";

const SHORT_TTL_MS = 150;
const PAST_TTL_MS = 400;

/** Resolves once `condition` holds; fails after `timeoutMs` so a lost message fails the test. */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(5);
  }
}

/** The behaviour every Engine backend must share; each backend's test file calls this once. */
export function runEngineContract(name: string, makeEngine: () => Promise<Engine>): void {
  describe(name, () => {
    let engine: Engine;

    beforeEach(async () => {
      engine = await makeEngine();
    });

    afterEach(async () => {
      await engine.close();
    });

    describe("key/value", () => {
      it("gets, sets, overwrites and deletes", async () => {
        expect(await engine.get("k")).toBeNull();
        await engine.set("k", "one");
        expect(await engine.get("k")).toBe("one");
        await engine.set("k", "two");
        expect(await engine.get("k")).toBe("two");
        await engine.delete("k");
        expect(await engine.get("k")).toBeNull();
        await expect(engine.delete("never-set")).resolves.toBeUndefined();
      });

      it("expires a key set with a ttl", async () => {
        await engine.set("short", "v", SHORT_TTL_MS);
        await engine.set("long", "w", 60_000);
        expect(await engine.get("short")).toBe("v");
        await sleep(PAST_TTL_MS);
        expect(await engine.get("short")).toBeNull();
        expect(await engine.get("long")).toBe("w");
        expect(await engine.keys("short")).toEqual([]);
      });

      it("drops the ttl when a key is set again without one", async () => {
        await engine.set("k", "v", SHORT_TTL_MS);
        await engine.set("k", "kept");
        await sleep(PAST_TTL_MS);
        expect(await engine.get("k")).toBe("kept");
      });

      it("setIfAbsent stores only the first time, and again once the key expired", async () => {
        expect(await engine.setIfAbsent("lock", "a", SHORT_TTL_MS)).toBe(true);
        expect(await engine.setIfAbsent("lock", "b")).toBe(false);
        expect(await engine.get("lock")).toBe("a");
        await sleep(PAST_TTL_MS);
        expect(await engine.setIfAbsent("lock", "c")).toBe(true);
        expect(await engine.get("lock")).toBe("c");
      });

      it("lists only the keys with the prefix, glob characters included", async () => {
        await engine.set("node:a", "1");
        await engine.set("node:b", "2");
        await engine.set("nodes", "3");
        await engine.set("other:node:c", "4");
        await engine.set("g*[x]:1", "5");
        await engine.set("g*[x]:2", "6");
        await engine.set("gz[x]:3", "7");
        await engine.appendLog("node:log", "not a key", 10);
        expect((await engine.keys("node:")).sort()).toEqual(["node:a", "node:b"]);
        expect((await engine.keys("g*[x]:")).sort()).toEqual(["g*[x]:1", "g*[x]:2"]);
        expect(await engine.keys("missing:")).toEqual([]);
      });
    });

    describe("increment", () => {
      it("is atomic under 200 concurrent increments", async () => {
        const results = await Promise.all(Array.from({ length: 200 }, () => engine.increment("counter")));
        expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(await engine.get("counter")).toBe("200");
      });

      it("adds `by` and counts from zero for a new key", async () => {
        expect(await engine.increment("n", 5)).toBe(5);
        expect(await engine.increment("n", -2)).toBe(3);
        expect(await engine.increment("n")).toBe(4);
      });

      it("sets the expiry when it creates the counter and leaves it alone afterwards", async () => {
        expect(await engine.increment("window", 1, SHORT_TTL_MS)).toBe(1);
        expect(await engine.increment("window", 1, 60_000)).toBe(2);
        await sleep(PAST_TTL_MS);
        expect(await engine.get("window")).toBeNull();
        expect(await engine.increment("window", 1, 60_000)).toBe(1);
      });
    });

    describe("pub/sub", () => {
      it("delivers to every subscriber of the channel", async () => {
        const first: string[] = [];
        const second: string[] = [];
        await engine.subscribe("news", (message) => first.push(message));
        await engine.subscribe("news", (message) => second.push(message));
        await engine.publish("news", "hello");
        await engine.publish("news", "again");
        await until(() => first.length === 2 && second.length === 2);
        expect(first).toEqual(["hello", "again"]);
        expect(second).toEqual(["hello", "again"]);
      });

      it("stops delivering after unsubscribe", async () => {
        const gone: string[] = [];
        const staying: string[] = [];
        const unsubscribe = await engine.subscribe("news", (message) => gone.push(message));
        await engine.subscribe("news", (message) => staying.push(message));
        await engine.publish("news", "before");
        await until(() => gone.length === 1 && staying.length === 1);
        await unsubscribe();
        await engine.publish("news", "after");
        await until(() => staying.length === 2);
        expect(gone).toEqual(["before"]);
        expect(staying).toEqual(["before", "after"]);
      });

      it("keeps channels apart", async () => {
        const a: string[] = [];
        const b: string[] = [];
        await engine.subscribe("a", (message) => a.push(message));
        await engine.subscribe("b", (message) => b.push(message));
        await engine.publish("a", "for a");
        await engine.publish("b", "for b");
        await engine.publish("c", "for nobody");
        await until(() => a.length === 1 && b.length === 1);
        expect(a).toEqual(["for a"]);
        expect(b).toEqual(["for b"]);
      });
    });

    describe("capped log", () => {
      it("returns distinct ids that read back in append order", async () => {
        const ids = [
          await engine.appendLog("s", "one", 10),
          await engine.appendLog("s", "two", 10),
          await engine.appendLog("s", "three", 10),
        ];
        expect(new Set(ids).size).toBe(3);
        expect(await engine.readLog("s")).toEqual([
          { id: ids[0], data: "one" },
          { id: ids[1], data: "two" },
          { id: ids[2], data: "three" },
        ]);
      });

      it("reads what came after an id", async () => {
        const ids: string[] = [];
        for (const data of ["a", "b", "c", "d"]) ids.push(await engine.appendLog("s", data, 10));
        expect(await engine.readLog("s", ids[1])).toEqual([
          { id: ids[2], data: "c" },
          { id: ids[3], data: "d" },
        ]);
        expect(await engine.readLog("s", ids[3])).toEqual([]);
      });

      it("drops the oldest entries past maxLength", async () => {
        const ids: string[] = [];
        for (let i = 0; i < 10; i++) ids.push(await engine.appendLog("s", `d${i}`, 5));
        const newest = ids.slice(5).map((id, i) => ({ id, data: `d${i + 5}` }));
        expect(await engine.readLog("s")).toEqual(newest);
        // An id that was already dropped still reads everything kept after it.
        expect(await engine.readLog("s", ids[0])).toEqual(newest);
      });

      it("honours the read limit", async () => {
        const ids: string[] = [];
        for (const data of ["a", "b", "c", "d"]) ids.push(await engine.appendLog("s", data, 10));
        expect(await engine.readLog("s", undefined, 2)).toEqual([
          { id: ids[0], data: "a" },
          { id: ids[1], data: "b" },
        ]);
        expect(await engine.readLog("s", ids[0], 2)).toEqual([
          { id: ids[1], data: "b" },
          { id: ids[2], data: "c" },
        ]);
      });

      it("keeps logs apart and reads an unknown log as empty", async () => {
        const id = await engine.appendLog("s", "x", 10);
        expect(await engine.readLog("unknown")).toEqual([]);
        expect(await engine.readLog("unknown", id)).toEqual([]);
        expect(await engine.get("s")).toBeNull();
      });

      it("expires a log appended with a ttl", async () => {
        await engine.appendLog("s", "x", 10, SHORT_TTL_MS);
        await sleep(PAST_TTL_MS);
        expect(await engine.readLog("s")).toEqual([]);
      });
    });
  });
}
