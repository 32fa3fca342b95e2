import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffContracts } from "../../runner/protocol/contract/diff.ts";
import type { ContractSnapshot } from "../../runner/protocol/contract/snapshot.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { migrate } from "../db/migrator.ts";
import { diffVersions, getComponent, getComponentVersion, listComponents } from "./marketplace-read.ts";

const tool = (name: string, required: string[] = []) => ({ name, inputSchema: { type: "object", properties: { q: { type: "string" } }, required } });
const snapshot = (tools: ReturnType<typeof tool>[]): ContractSnapshot => ({ tools, resources: [], resourceTemplates: [], prompts: [], requiredEnvironment: [] });

let database: Database;
let tenantId: string;

beforeAll(async () => {
  database = await openDatabase({ memory: true });
  await migrate(database);
  const db = database.prisma;
  tenantId = (await db.tenant.create({ data: { slug: "acme", name: "Acme" } })).id;
  const add = async (name: string, fields: Record<string, unknown>, versions: Array<[string, ContractSnapshot | null, number]>) => {
    const component = await db.component.create({ data: { name, ownerId: tenantId, description: `${name} description`, ...fields } });
    for (const [version, contract, minutesAgo] of versions) {
      await db.componentVersion.create({
        data: {
          componentId: component.id,
          version,
          manifest: { name, description: "d", version, packages: [{ registryType: "npm", identifier: "x", transport: { type: "stdio" }, environmentVariables: [{ name: "TOKEN", isSecret: true, isRequired: true }] }] },
          snapshot: (contract ?? undefined) as object | undefined,
          publishedAt: new Date(Date.now() - minutesAgo * 60_000),
        },
      });
    }
  };
  await add("io.github.acme/search", { title: "Search", category: "data", transports: ["stdio"], verified: true }, [
    ["1.0.0", snapshot([tool("find")]), 30],
    ["1.10.0", snapshot([tool("find"), tool("suggest")]), 10],
    ["1.9.0", snapshot([tool("find", ["q"])]), 5],
  ]);
  await add("io.github.acme/remote", { category: "web", transports: ["streamable-http"] }, [["0.1.0", null, 1]]);
  await add("io.github.acme/100%_real", { transports: ["stdio"] }, [["2.0.0", snapshot([]), 1]]);
});

afterAll(() => database?.close());

const names = async (filter: Parameters<typeof listComponents>[1]) => (await listComponents(database.prisma, filter)).items.map((item) => item.name);

describe("listComponents", () => {
  it("filters by transport, category, verified and search (wildcards taken literally)", async () => {
    expect(await names({ limit: 10, transport: "streamable-http" })).toEqual(["io.github.acme/remote"]);
    expect(await names({ limit: 10, category: "data" })).toEqual(["io.github.acme/search"]);
    expect(await names({ limit: 10, verified: true })).toEqual(["io.github.acme/search"]);
    expect(await names({ limit: 10, search: "SEARCH" })).toEqual(["io.github.acme/search"]);
    expect(await names({ limit: 10, search: "%_" })).toEqual(["io.github.acme/100%_real"]);
  });

  it("pages by name and reports the newest version by semver with its tool count", async () => {
    const first = await listComponents(database.prisma, { limit: 2 });
    expect(first.items.map((item) => item.name)).toEqual(["io.github.acme/100%_real", "io.github.acme/remote"]);
    expect(first.categories).toEqual(["data", "web"]);
    const second = await listComponents(database.prisma, { limit: 2, cursor: first.nextCursor! });
    expect(second.items).toMatchObject([{ name: "io.github.acme/search", latestVersion: "1.10.0", toolCount: 2, verified: true }]);
    expect(second.nextCursor).toBeNull();
    expect((await listComponents(database.prisma, { limit: 5, transport: "streamable-http" })).items[0]).toMatchObject({ toolCount: null });
  });
});

describe("component detail and diff", () => {
  it("lists versions newest first by semver and the variables a deployment sets", async () => {
    const component = await getComponent(database.prisma, "io.github.acme/search", tenantId, "http://gw");
    expect(component.versions.map((version) => version.version)).toEqual(["1.10.0", "1.9.0", "1.0.0"]);
    const version = await getComponentVersion(database.prisma, "io.github.acme/search", "1.10.0");
    expect(version.environmentVariables).toEqual([{ name: "TOKEN", isSecret: true, isRequired: true }]);
    expect(version.deployable).toBe(true);
    expect(version.snapshot?.tools.map((t) => t.name)).toEqual(["find", "suggest"]);
  });

  it("diffs any two versions in either direction", async () => {
    const forward = await diffVersions(database.prisma, "io.github.acme/search", "1.0.0", "1.9.0");
    expect(forward.changes).toEqual(diffContracts(snapshot([tool("find")]), snapshot([tool("find", ["q"])])));
    expect(forward.changes.map((change) => change.kind)).toEqual(["breaking"]);
    expect(forward.suggestedBump).toBe("major");
    const added = await diffVersions(database.prisma, "io.github.acme/search", "1.0.0", "1.10.0");
    expect(added).toMatchObject({ suggestedBump: "minor" });
  });

  it("says why a version cannot be compared or found", async () => {
    await expect(diffVersions(database.prisma, "io.github.acme/remote", "0.1.0", "0.1.0")).rejects.toThrow("0.1.0 has no recorded contract");
    await expect(getComponentVersion(database.prisma, "io.github.acme/search", "9.9.9")).rejects.toThrow("io.github.acme/search has no version 9.9.9");
    await expect(getComponent(database.prisma, "io.github.nobody/x", tenantId, "http://gw")).rejects.toThrow("no component named io.github.nobody/x");
  });
});
