import { describe, expect, it } from "vitest";
import { DeploymentCache } from "./deployment-cache.ts";
import type { ResolvedDeployment } from "./gateway.ts";

const deployment = (name: string, stopped = false) => ({ id: `id-${name}`, name, stopped }) as unknown as ResolvedDeployment;

function setup() {
  const clock = { now: 1_000 };
  const rows = new Map<string, ResolvedDeployment>([
    ["a/search", deployment("search")],
    ["a/combo", deployment("combo")],
    ["b/search", deployment("search")],
  ]);
  const lookups: string[] = [];
  let pause: Promise<void> | undefined;
  const cache = new DeploymentCache(
    async (tenantId, name) => {
      lookups.push(`${tenantId}/${name}`);
      await pause;
      return rows.get(`${tenantId}/${name}`) ?? null;
    },
    30_000,
    () => clock.now,
  );
  return { cache, clock, rows, lookups, pauseWith: (p: Promise<void>) => (pause = p) };
}

describe("DeploymentCache", () => {
  it("looks a deployment up once, then serves it until it expires", async () => {
    const { cache, clock, lookups } = setup();
    expect(await cache.resolve("a", "search")).toMatchObject({ name: "search" });
    expect(await cache.resolve("a", "search")).toMatchObject({ name: "search" });
    clock.now += 29_999;
    await cache.resolve("a", "search");
    expect(lookups).toEqual(["a/search"]);
    clock.now += 1;
    await cache.resolve("a", "search");
    expect(lookups).toEqual(["a/search", "a/search"]);
  });

  it("looks up again, at once, every deployment of a tenant whose deployments changed, and only that tenant's", async () => {
    const { cache, rows, lookups } = setup();
    await cache.resolve("a", "search");
    await cache.resolve("a", "combo");
    await cache.resolve("b", "search");
    rows.set("a/search", deployment("search", true));
    cache.forgetTenant("a");
    expect(await cache.resolve("a", "search")).toMatchObject({ stopped: true });
    await cache.resolve("a", "combo");
    await cache.resolve("b", "search");
    expect(lookups).toEqual(["a/search", "a/combo", "b/search", "a/search", "a/combo"]);
  });

  it("does not keep what a lookup read while a change was announced", async () => {
    const { cache, rows, lookups, pauseWith } = setup();
    let finish = () => {};
    pauseWith(new Promise<void>((resolve) => (finish = resolve)));
    const overlapping = cache.resolve("a", "search");
    cache.forgetTenant("a");
    finish();
    expect(await overlapping).toMatchObject({ stopped: false });
    pauseWith(Promise.resolve());
    rows.set("a/search", deployment("search", true));
    expect(await cache.resolve("a", "search")).toMatchObject({ stopped: true });
    expect(lookups).toEqual(["a/search", "a/search"]);
  });

  it("does not remember a name that is not found, so a new deployment is served at once", async () => {
    const { cache, rows } = setup();
    expect(await cache.resolve("a", "fresh")).toBeNull();
    rows.set("a/fresh", deployment("fresh"));
    expect(await cache.resolve("a", "fresh")).toMatchObject({ name: "fresh" });
  });
});
