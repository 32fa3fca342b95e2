/**
 * Publishing real component versions: each is packed with `npm pack`, served by a loopback npm
 * registry, installed by real npm into the component store, started as a stdio process by a real
 * node agent under every MCP revision, and compared with the version before it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComponentStore } from "../../../runner/agent/component-store.ts";
import { NodeAgent } from "../../../runner/agent/node-agent.ts";
import { type TestRegistry, startTestRegistry } from "../../../runner/test-support/npm-registry.ts";
import { type Database, openDatabase } from "../../db/database.ts";
import { migrate } from "../../db/migrator.ts";
import { MemoryEngine } from "../../engine/memory-engine.ts";
import { AppError } from "../../errors.ts";
import { createLogger } from "../../log/logger.ts";
import { type PublishContext, publishVersion } from "../publish.ts";
import { catalogManifests } from "../../seed/catalog.ts";
import { publishCatalog } from "../../seed/seed-demo.ts";
import { WEATHER_BREAKING, WEATHER_COMPATIBLE, WEATHER_NAME, WEATHER_PACKAGE, WEATHER_V1, releaseWeather, weatherManifest } from "./weather-component.ts";
import { rejectionOf } from "../../../runner/test-support/rejection.ts";

const NAME = WEATHER_NAME;
const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const manifest = weatherManifest;
const release = (version: string, contract: Record<string, unknown>, readme?: string) => releaseWeather(registry, version, contract, readme);

let database: Database;
let agent: NodeAgent;
let registry: TestRegistry;
let context: PublishContext;
let tenantA: string;
let tenantB: string;
const tempDirs: string[] = [];

const versionsOf = async (name: string) => (await database.prisma.componentVersion.findMany({ where: { component: { name } }, select: { version: true } })).map((row) => row.version).sort();

beforeAll(async () => {
  registry = await startTestRegistry();
  release("1.0.0", WEATHER_V1, "# Weather\n\n<script>alert('x')</script>\n\nForecasts for any city.");
  release("1.1.0", WEATHER_BREAKING);
  release("2.0.0", WEATHER_BREAKING);
  release("2.1.0", WEATHER_COMPATIBLE);
  release("3.0.0", { crash: "fatal: WEATHER_API_KEY is not set" });
  database = await openDatabase({ memory: true });
  await migrate(database);
  const db = database.prisma;
  tenantA = (await db.tenant.create({ data: { slug: "acme", name: "Acme" } })).id;
  tenantB = (await db.tenant.create({ data: { slug: "other", name: "Other" } })).id;
  const storeRoot = fs.mkdtempSync(path.join(os.tmpdir(), "sy-publish-store-"));
  tempDirs.push(storeRoot);
  agent = new NodeAgent({
    address: "http://127.0.0.1:0",
    capacity: 16,
    engine: new MemoryEngine(),
    store: new ComponentStore(storeRoot, REPO_ROOT, registry.url),
    log: createLogger("silent"),
  });
  context = { db, prober: agent, mode: "local" };
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await database?.close();
  await registry?.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the catalog that ships with the product", () => {
  it("publishes through the same path, with a real snapshot, once", async () => {
    const log = createLogger("silent");
    const first = await publishCatalog(context, REPO_ROOT, log);
    expect(first.failed).toEqual([]);
    expect(first.published).toEqual(catalogManifests(REPO_ROOT).map((m) => `${m.name} ${m.version}`));
    // The case gallery's own servers (cases/*/server, npm workspaces) publish the same way.
    const desk = await database.prisma.componentVersion.findFirstOrThrow({ where: { component: { name: "io.switchyard/customer-service" } } });
    expect((desk.snapshot as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name).sort()).toEqual(["create_ticket", "escalate_to_human", "find_customer", "issue_refund", "lookup_order", "search_kb"]);
    expect(desk.readme).toContain("Customer service desk");
    const row = await database.prisma.componentVersion.findFirstOrThrow({ where: { component: { name: "io.github.modelcontextprotocol/server-everything" } }, include: { component: true } });
    expect(row.component.verified).toBe(true);
    expect(row.publishedBy).toBe("system");
    expect((row.snapshot as { tools: unknown[]; prompts: unknown[] }).tools.length).toBeGreaterThan(5);
    expect((row.compatibility as Array<{ initialized: boolean; listed: boolean }>).every((revision) => revision.initialized && revision.listed)).toBe(true);
    expect(await publishCatalog(context, REPO_ROOT, log)).toEqual({ published: [], failed: [] });
  }, 120_000);
});

describe("publishing a component", () => {
  it("installs, probes under every revision and records the contract of the first version", async () => {
    const result = await publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("1.0.0") });
    expect(result).toMatchObject({ name: NAME, version: "1.0.0", previousVersion: null, forced: false });
    expect(result.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.compatibility.map((r) => [r.revision, r.initialized, r.negotiated, r.listed])).toEqual([
      ["2024-11-05", true, "2024-11-05", true],
      ["2025-03-26", true, "2025-03-26", true],
      ["2025-06-18", true, "2025-06-18", true],
      ["2025-11-25", true, "2025-11-25", true],
    ]);
    const row = await database.prisma.componentVersion.findFirstOrThrow({ where: { version: "1.0.0", component: { name: NAME } }, include: { component: true } });
    expect((row.snapshot as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toEqual(["get_alerts", "get_forecast"]);
    expect(row.readme).toContain("Forecasts for any city.");
    expect(row.component).toMatchObject({ ownerId: tenantA, description: "Weather forecasts and alerts", transports: ["stdio"], verified: false });
    expect(await database.prisma.namespace.findUnique({ where: { name: "io.github.acme" } })).toMatchObject({ tenantId: tenantA });
  }, 120_000);

  it("refuses a breaking change released as a minor, listing each breaking change, and writes nothing", async () => {
    const error = await rejectionOf(publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("1.1.0") }), AppError);
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("publish it as 2.0.0 or force it");
    expect(error.message).toMatch(/get_alerts/);
    expect(error.message).toMatch(/days/);
    expect((error.details?.breaking as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(error.details?.suggestedBump).toBe("major");
    expect(await versionsOf(NAME)).toEqual(["1.0.0"]);
  }, 120_000);

  it("publishes the same change when forced, and records the override", async () => {
    const result = await publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("1.1.0"), force: true });
    expect(result).toMatchObject({ forced: true, previousVersion: "1.0.0", suggestedBump: "major" });
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { action: "component.publish.forced" } });
    expect(audit.target).toBe(`component:${NAME}@1.1.0`);
    expect((audit.data as { breaking: string[] }).breaking.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("accepts a compatible change as a minor and suggests minor", async () => {
    const major = await publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("2.0.0") });
    expect(major).toMatchObject({ forced: false, changes: [], suggestedBump: "none" });
    const minor = await publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("2.1.0") });
    expect(minor).toMatchObject({ forced: false, suggestedBump: "minor", previousVersion: "2.0.0" });
    expect(minor.changes.map((change) => change.kind)).toEqual(["compatible"]);
  }, 120_000);

  it("refuses a duplicate version and a version older than the newest", async () => {
    expect((await rejectionOf(publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("2.1.0") }), AppError)).code).toBe("CONFLICT");
    const older = await rejectionOf(publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("1.0.0", { version: "1.5.0", packages: manifest("2.1.0").packages }) }), AppError);
    expect(older.message).toContain("is not newer than the latest published version 2.1.0");
  }, 120_000);

  it("refuses another tenant's publish into the namespace", async () => {
    const error = await rejectionOf(publishVersion(context, { tenantId: tenantB, actor: "key:other", document: manifest("9.0.0", { name: "io.github.acme/other" }) }), AppError);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain('namespace "io.github.acme" belongs to another tenant');
    expect(await versionsOf("io.github.acme/other")).toEqual([]);
  });

  it("refuses a package that does not start, with its stderr", async () => {
    const error = await rejectionOf(publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("3.0.0") }), AppError);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("could not be started and probed");
    expect(error.message).toContain("fatal: WEATHER_API_KEY is not set");
    expect(await versionsOf(NAME)).not.toContain("3.0.0");
  }, 120_000);

  it("refuses a package that does not install, with npm's reason", async () => {
    const error = await rejectionOf(publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("4.0.0") }), AppError);
    expect(error.message).toMatch(/could not install @sy-test\/weather-mcp@4\.0\.0/);
  }, 120_000);

  it("names the JSON path of every problem in an invalid server.json", async () => {
    const error = await rejectionOf(
      publishVersion(context, {
        tenantId: tenantA,
        actor: "key:test",
        document: { name: "no-slash", description: "", version: "^1.0.0", packages: [{ registryType: "npm", identifier: WEATHER_PACKAGE, transport: { type: "carrier-pigeon" } }] },
      }),
      AppError,
    );
    const paths = (error.details?.errors as Array<{ path: string }>).map((entry) => entry.path);
    expect(paths).toEqual(expect.arrayContaining(["$.name", "$.description", "$.version", "$.packages[0].transport.type"]));
    expect(error.message).toContain("$.name: expected reverse-DNS namespace/name");
  });

  it("refuses a huge manifest before parsing it", async () => {
    const error = await rejectionOf(publishVersion(context, { tenantId: tenantA, actor: "key:test", document: manifest("5.0.0", { _meta: { blob: "x".repeat(100_000) } }) }), AppError);
    expect(error.message).toMatch(/at most 65536 are accepted/);
  });

  it("in saas mode, refuses a remote on a private address", async () => {
    const remoteOnly = { ...manifest("1.0.0", { name: "io.github.acme/remote" }), packages: undefined, remotes: [{ type: "streamable-http", url: "http://10.0.0.7/mcp" }] };
    const error = await rejectionOf(publishVersion({ ...context, mode: "saas" }, { tenantId: tenantA, actor: "key:test", document: remoteOnly }), AppError);
    expect(error.message).toContain("$.remotes[0].url: 10.0.0.7 resolves to 10.0.0.7, a private");
    const listed = await publishVersion(context, { tenantId: tenantA, actor: "key:test", document: remoteOnly });
    expect(listed).toMatchObject({ snapshotHash: null, compatibility: [] });
  });
});
