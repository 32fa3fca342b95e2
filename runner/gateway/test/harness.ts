/**
 * A whole gateway on real services, wired as cli/start.ts wires it: a migrated database
 * (PostgreSQL in a fresh schema when DATABASE_URL is set, in-memory PGlite otherwise), an engine
 * (Redis under a unique key prefix when REDIS_URL is set, in-memory otherwise), a node agent that
 * runs the real @modelcontextprotocol/server-everything over stdio, and two tenants that each
 * have a deployment named "everything".
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ComponentStore } from "../../agent/component-store.ts";
import { RUNTIME_META_KEY } from "../../protocol/server-json.ts";
import { NodeAgent } from "../../agent/node-agent.ts";
import { LocalFleet } from "../routing/local-fleet.ts";
import type { Gateway } from "../gateway.ts";
import { SecretBox } from "../../../server/crypto/secret-box.ts";
import { type Database, type Db, openDatabase, parsePostgresUrl } from "../../../server/db/database.ts";
import { migrate } from "../../../server/db/migrator.ts";
import type { Engine } from "../../../server/engine/engine.ts";
import { MemoryEngine } from "../../../server/engine/memory-engine.ts";
import { deleteRedisKeys } from "../../../server/engine/redis-test-keys.ts";
import { RedisEngine } from "../../../server/engine/redis-engine.ts";
import { createKey } from "../../../server/keys/keys-service.ts";
import { createLogger } from "../../../server/log/logger.ts";
import { type Cleanup, wireGateway } from "../../../server/start/wire-gateway.ts";
import { everythingManifest } from "../../../server/seed/catalog.ts";
import { seedDemoFixture } from "../../../server/seed/demo-fixture.ts";
import { DEMO_DEPLOYMENT } from "../../../server/seed/seed-demo.ts";

/** The repository root: where @modelcontextprotocol/server-everything is installed. */
/** The one browser origin the test gateway lets in. */
export const HARNESS_ORIGIN = "http://console.test";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

export interface HarnessTenant {
  id: string;
  /** A full API key with scope "*". */
  key: string;
}

/** One call of the gateway's resolveDeployment, as the harness saw it. */
export interface ResolvedCall {
  tenantId: string;
  name: string;
  deploymentId: string | null;
}

export interface GatewayHarness {
  /** The gateway's base URL, e.g. http://127.0.0.1:41234 (MCP at `${url}/mcp/everything`). */
  url: string;
  /** The Prisma client, as the server/ services take it. */
  db: Db;
  database: Database;
  engine: Engine;
  agent: NodeAgent;
  gateway: Gateway;
  tenantA: HarnessTenant;
  tenantB: HarnessTenant;
  /** Every deployment lookup the gateway made, oldest first (to check which tenant it served). */
  resolved: ResolvedCall[];
  /** Stops the gateway, its processes and the services, and removes the schema / Redis keys. */
  close(): Promise<void>;
}


export async function startGatewayHarness(): Promise<GatewayHarness> {
  const cleanups: Cleanup[] = [];
  try {
    return await start(cleanups);
  } catch (error) {
    await runCleanups(cleanups);
    throw error;
  }
}

async function start(cleanups: Cleanup[]): Promise<GatewayHarness> {
  const runId = randomBytes(6).toString("hex");
  const log = createLogger("silent");

  const database = await openTestDatabase(runId, cleanups);
  await migrate(database);
  const engine = await openTestEngine(runId, cleanups);
  const db = database.prisma;

  const tenantA = await seedTenantA(db);
  const tenantB = await createTenantB(db, runId);

  const agent = new NodeAgent({ id: `gateway-test-${runId}`, address: "http://127.0.0.1:0", capacity: 16, engine, store: new ComponentStore(path.join(os.tmpdir(), "switchyard-test-components"), REPO_ROOT), log: log.child({ part: "agent" }) });
  await agent.start();
  cleanups.push(() => agent.stop());

  const resolved: ResolvedCall[] = [];
  const gateway = await wireGateway(
    {
      database,
      engine,
      secretBox: new SecretBox(randomBytes(32)),
      log,
      fleet: new LocalFleet(agent),
      fleetHealth: () => ({ node: agent.id, load: agent.load }),
      allowedOrigins: [HARNESS_ORIGIN],
      onResolved: (tenantId, name, found) => resolved.push({ tenantId, name, deploymentId: found?.id ?? null }),
    },
    cleanups,
  );
  const port = await listenOnFreePort(gateway);

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    database,
    engine,
    agent,
    gateway,
    tenantA,
    tenantB,
    resolved,
    close: () => (closed ??= runCleanups(cleanups)),
  };
}

/** Runs cleanups newest first; every one runs even when an earlier one fails. */
async function runCleanups(cleanups: Cleanup[]): Promise<void> {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, "gateway harness: cleanup failed");
}

async function openTestDatabase(runId: string, cleanups: Cleanup[]): Promise<Database> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const database = await openDatabase({ memory: true });
    cleanups.push(() => database.close());
    return database;
  }
  const schema = `sy_gw_${runId}`;
  const url = new URL(baseUrl);
  url.searchParams.set("schema", schema);
  // Registered first, so it runs last: after the pool is closed, even if opening failed halfway.
  cleanups.push(() => dropSchema(baseUrl, schema));
  const database = await openDatabase({ url: url.toString() });
  cleanups.push(() => database.close());
  return database;
}

async function dropSchema(baseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: parsePostgresUrl(baseUrl).connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function openTestEngine(runId: string, cleanups: Cleanup[]): Promise<Engine> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const engine = new MemoryEngine();
    cleanups.push(() => engine.close());
    return engine;
  }
  const keyPrefix = `sy-gw-test:${runId}:`;
  cleanups.push(() => deleteRedisKeys(redisUrl, keyPrefix));
  const engine = await RedisEngine.connect(redisUrl, { keyPrefix });
  cleanups.push(() => engine.close());
  return engine;
}

async function seedTenantA(db: Db): Promise<HarnessTenant> {
  const seeded = await seedDemoFixture(db, REPO_ROOT);
  return { id: seeded.tenantId, key: seeded.apiKey };
}

/** A second tenant with its own component (same manifest) and its own "everything" deployment. */
/** Adds a deployment of the everything server to a tenant, with runtime hints in its manifest. */
export async function addEverythingDeployment(db: Db, tenantId: string, name: string, runtime: Record<string, unknown>): Promise<void> {
  const manifest = { ...everythingManifest(REPO_ROOT), _meta: { [RUNTIME_META_KEY]: runtime } };
  const component = await db.component.create({ data: { name: `test.switchyard/${name}-${randomBytes(4).toString("hex")}`, ownerId: tenantId } });
  const version = await db.componentVersion.create({ data: { componentId: component.id, version: manifest.version, manifest: manifest as object } });
  await db.deployment.create({ data: { tenantId, name, componentVersionId: version.id } });
}

async function createTenantB(db: Db, runId: string): Promise<HarnessTenant> {
  const manifest = everythingManifest(REPO_ROOT);
  const tenant = await db.tenant.create({ data: { slug: `tenant-b-${runId}`, name: "Tenant B" } });
  // Component names are unique across tenants, so B's copy of the server gets a name of its own.
  const component = await db.component.create({ data: { name: `test.switchyard/everything-b-${runId}`, ownerId: tenant.id } });
  const version = await db.componentVersion.create({
    data: { componentId: component.id, version: manifest.version, manifest: manifest as object },
  });
  await db.deployment.create({ data: { tenantId: tenant.id, name: DEMO_DEPLOYMENT, componentVersionId: version.id } });
  const { key } = await createKey({ db, tenantId: tenant.id, name: "tenant B key", scopes: ["*"], actor: "test" });
  return { id: tenant.id, key };
}

function listenOnFreePort(gateway: Gateway): Promise<number> {
  return new Promise((resolve, reject) => {
    gateway.server.once("error", reject);
    gateway.server.listen(0, "127.0.0.1", () => {
      gateway.server.off("error", reject);
      const address = gateway.server.address();
      if (address === null || typeof address === "string") reject(new Error("gateway harness: no TCP address"));
      else resolve(address.port);
    });
  });
}
