/**
 * What Switchyard expects of its database, whichever one it runs on. pglite.test.ts and
 * postgres.test.ts run this same suite, so both backends are held to one behaviour.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { StartupError } from "../errors.ts";
import type { Database } from "./database.ts";
import { Prisma } from "./generated/client.ts";
import { MIGRATIONS_DIR, type Migration, migrate, readMigrations } from "./migrator.ts";
import { type PrismaScalarField, parsePrismaSchema } from "./prisma-schema.ts";
import { rejectionOf } from "../../runner/test-support/rejection.ts";

export interface OpenedDatabase {
  db: Database;
  /** Closes `db` and removes whatever open() created. */
  cleanup: () => Promise<void>;
  /**
   * A second, independent connection to the same database, as a second process would have.
   * Absent for a single-session database (PGlite): there the concurrency test shares `db`.
   * The suite closes what it returns.
   */
  openAnother?: () => Promise<Database>;
}

const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
/** Every migration on disk, as a fresh database must record them: name and checksum of the file. */
const ON_DISK = () =>
  readMigrations().map((m) => ({ name: m.name, checksum: sha256(fs.readFileSync(path.join(MIGRATIONS_DIR, m.name, "migration.sql"), "utf8")) }));
const ALL_NAMES = () => readMigrations().map((m) => m.name);

export function runDatabaseContract(name: string, open: () => Promise<OpenedDatabase>): void {
  describe(name, () => {
    describe("migrate on a fresh database", () => {
      let opened: OpenedDatabase | undefined;
      afterEach(async () => {
        await opened?.cleanup();
        opened = undefined;
      });

      it("applies every migration once, in order, and records each file's checksum", async () => {
        opened = await open();
        const { db } = opened;
        expect(ALL_NAMES()[0]).toBe("0001_init");
        expect(await migrate(db, readMigrations())).toEqual(ALL_NAMES());
        expect(await migrate(db, readMigrations())).toEqual([]);
        expect(await appliedMigrations(db)).toEqual(ON_DISK());
      });

      it("applies each migration once when two processes migrate at the same time", async () => {
        opened = await open();
        const { db } = opened;
        const other = opened.openAnother ? await opened.openAnother() : db;
        try {
          const results = await Promise.all([migrate(db, readMigrations()), migrate(other, readMigrations())]);
          expect(results.map((applied) => applied.join(",")).sort()).toEqual(["", ALL_NAMES().join(",")]);
          expect((await appliedMigrations(db)).map((row) => row.name)).toEqual(ALL_NAMES());
          expect(await db.prisma.tenant.count()).toBe(0);
        } finally {
          if (other !== db) await other.close();
        }
      });
    });

    describe("migrate on an applied database", () => {
      const db = useMigratedDatabase(open);

      it("refuses to start when an applied migration file has changed, and leaves the data alone", async () => {
        await db().prisma.tenant.create({ data: { slug: "before-tamper", name: "Before tamper" } });
        const original = readMigrations();
        const tampered = original.map((m) => (m.name === "0001_init" ? withSql(m, `${m.sql}\n-- an edit after release\n`) : m));
        const before = original.find((m) => m.name === "0001_init")?.checksum ?? "";
        const after = tampered.find((m) => m.name === "0001_init")?.checksum ?? "";

        const error = await rejectionOf(migrate(db(), tampered), Error);
        expect(error).toBeInstanceOf(StartupError);
        expect(error.message).toContain("0001_init/migration.sql changed after it was applied");
        expect(error.message).toBe(
          `migration error: prisma/migrations/0001_init/migration.sql changed after it was applied (checksum ${before.slice(0, 12)} in the database, ${after.slice(0, 12)} on disk) — restore the file and put the change in a new migration`,
        );
        expect(await db().prisma.tenant.findUnique({ where: { slug: "before-tamper" }, select: { name: true } })).toEqual({
          name: "Before tamper",
        });
        expect(await appliedMigrations(db())).toEqual(ON_DISK());
        expect(ON_DISK()[0]!.checksum).toBe(before);
      });

      it("rolls a failing migration back whole", async () => {
        const broken: Migration = {
          name: "9000_broken",
          sql: "CREATE TABLE t_ok(x int); SELECT * FROM no_such_table;",
          checksum: "x",
        };
        const error = await rejectionOf(migrate(db(), [...readMigrations(), broken]), Error);
        expect(error).toBeInstanceOf(StartupError);
        expect(error.message).toContain("9000_broken failed and was rolled back");
        expect(error.message).toContain('relation "no_such_table" does not exist');
        expect(await tableNames(db())).not.toContain("t_ok");
        expect((await appliedMigrations(db())).map((row) => row.name)).toEqual(ALL_NAMES());
        // The session is usable afterwards: no transaction or lock was left behind.
        expect(await migrate(db(), readMigrations())).toEqual([]);
      });

      it("refuses to start on a database migrated by a newer version", async () => {
        await db().withSession((s) => s.query(`INSERT INTO "_migrations" ("name", "checksum") VALUES ('9999_future', 'x')`));
        try {
          const error = await rejectionOf(migrate(db(), readMigrations()), Error);
          expect(error).toBeInstanceOf(StartupError);
          expect(error.message).toContain("9999_future");
          expect(error.message).toBe(
            "migration error: the database has migration 9999_future that this version of Switchyard does not know — it was migrated by a newer version; run that version or use a fresh database",
          );
        } finally {
          await db().withSession((s) => s.query(`DELETE FROM "_migrations" WHERE "name" = '9999_future'`));
        }
      });
    });

    describe("schema and Prisma", () => {
      const db = useMigratedDatabase(open);

      it("builds exactly the tables and columns of prisma/schema.prisma", async () => {
        const models = parsePrismaSchema(fs.readFileSync(SCHEMA_FILE, "utf8"));
        expect(models.map((m) => m.name)).toEqual([
          "Tenant",
          "Namespace",
          "ApiKey",
          "Component",
          "ComponentVersion",
          "Deployment",
          "Node",
          "Trace",
          "AuditEvent",
          "A2aTask",
          "A2aRuleSet",
          "A2aAgentContext",
          "A2aAgentTask",
          "Agent",
          "AgentVersion",
          "ModelEndpoint",
          "AgentConversation",
          "AgentTurn",
          "AgentStep",
          "AgentToolCall",
          "AgentMessage",
        ]);
        const expected = Object.fromEntries(
          models.map((m) => [m.name, Object.fromEntries(m.fields.map((f) => [f.name, expectedColumn(f)]))]),
        );
        const columns = await db().withSession((s) =>
          s.query<InformationSchemaColumn>(
            `SELECT table_name, column_name, data_type, udt_name, is_nullable, datetime_precision
               FROM information_schema.columns WHERE table_schema = current_schema()`,
          ),
        );
        const actual: Record<string, Record<string, ColumnShape>> = {};
        for (const c of columns) {
          if (!(c.table_name in expected)) continue;
          (actual[c.table_name] ??= {})[c.column_name] = {
            type: c.data_type === "ARRAY" ? `${c.udt_name.slice(1)}[]` : c.data_type,
            nullable: c.is_nullable === "YES",
            ...(c.data_type.startsWith("timestamp") ? { precision: Number(c.datetime_precision) } : {}),
          };
        }
        expect(actual).toEqual(expected);
        expect(await tableNames(db())).toEqual([...models.map((m) => m.name), "_migrations"].sort());
      });

      it("round-trips every model through Prisma", async () => {
        const { prisma } = db();
        const at = new Date("2025-03-04T05:06:07.089Z");
        const tenant = await prisma.tenant.create({ data: { slug: "round-trip", name: "Round trip", createdAt: at } });
        expect(tenant).toEqual({ id: expect.any(String), slug: "round-trip", name: "Round trip", createdAt: at });
        expect(await prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toEqual(tenant);

        const apiKey = await prisma.apiKey.create({
          data: { tenantId: tenant.id, name: "ci", prefix: "rt01", secretHash: "ab".repeat(32), scopes: ["search", "*", "naïve ✓"], lastUsedAt: at },
        });
        expect(apiKey).toMatchObject({ scopes: ["search", "*", "naïve ✓"], rateLimitPerMinute: 600, lastUsedAt: at, revokedAt: null });
        expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).toEqual(apiKey);
        const noScopes = await prisma.apiKey.create({ data: { tenantId: tenant.id, name: "none", prefix: "rt02", secretHash: "cd" } });
        expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: noScopes.id } })).scopes).toEqual([]);

        const component = await prisma.component.create({ data: { name: "io.example/round-trip", ownerId: tenant.id } });
        expect(await prisma.component.findUniqueOrThrow({ where: { id: component.id } })).toEqual(component);

        const manifest = {
          name: "io.example/round-trip",
          version: "1.0.0",
          packages: [{ registryType: "npm", identifier: "@example/rt", environmentVariables: [] }],
          remotes: null,
          description: "Ünïcödé, \"quotes\" and \\ backslashes",
          limits: { maxCalls: 1.5e3, negative: -7 },
          enabled: true,
        };
        const version = await prisma.componentVersion.create({ data: { componentId: component.id, version: "1.0.0", manifest } });
        expect(version.manifest).toEqual(manifest);
        expect(await prisma.componentVersion.findUniqueOrThrow({ where: { id: version.id } })).toEqual(version);

        const config = { env: { LOG_LEVEL: "debug" }, args: ["--port", "0"] };
        const secrets = { API_TOKEN: { iv: "aXY=", tag: "dGFn", data: "ZGF0YQ==" } };
        const deployment = await prisma.deployment.create({
          data: { tenantId: tenant.id, name: "rt", componentVersionId: version.id, config, secrets },
        });
        expect(deployment).toMatchObject({ config, secrets });
        expect(await prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).toEqual(deployment);
        const defaults = await prisma.deployment.create({ data: { tenantId: tenant.id, name: "rt-defaults", componentVersionId: version.id } });
        expect(defaults).toMatchObject({ config: {}, secrets: {} });

        const node = await prisma.node.create({ data: { id: "node-rt", address: "10.0.0.7:8090", capacity: 32, isolation: { kind: "process" } } });
        expect(await prisma.node.findUniqueOrThrow({ where: { id: "node-rt" } })).toEqual(node);

        const messages = [{ dir: "out", body: { jsonrpc: "2.0", id: 1, method: "tools/list" } }];
        const trace = await prisma.trace.create({
          data: { tenantId: tenant.id, name: "rt", connection: { transport: "stdio" }, messages },
        });
        expect(trace.messages).toEqual(messages);
        expect(await prisma.trace.findUniqueOrThrow({ where: { id: trace.id } })).toEqual(trace);

        const event = await prisma.auditEvent.create({ data: { tenantId: tenant.id, actor: "test", action: "deploy", target: "rt", data: { ok: true } } });
        expect(typeof event.id).toBe("bigint");
        expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
        // Beyond Number.MAX_SAFE_INTEGER: the id must stay a bigint all the way.
        const big = 9_007_199_254_740_993n;
        const bigEvent = await prisma.auditEvent.create({ data: { id: big, actor: "test", action: "big", target: "id" } });
        expect(bigEvent).toMatchObject({ id: big, tenantId: null, data: {} });
        expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: big } })).toEqual(bigEvent);
      });

      it("refuses to change a published component version", async () => {
        const { prisma } = db();
        const tenant = await prisma.tenant.create({ data: { slug: "immutable", name: "Immutable" } });
        const component = await prisma.component.create({ data: { name: "io.example/immutable", ownerId: tenant.id } });
        const manifest = { name: "io.example/immutable", version: "1.0.0" };
        const version = await prisma.componentVersion.create({ data: { componentId: component.id, version: "1.0.0", manifest } });

        const error = await rejectionOf(
          prisma.componentVersion.update({ where: { id: version.id }, data: { manifest: { ...manifest, sneaky: true } } }),
          Error,
        );
        expect(error.message).toContain("immutable");
        expect(error.message).toContain("component version 1.0.0 is published and immutable; publish a new version instead");
        expect((await prisma.componentVersion.findUniqueOrThrow({ where: { id: version.id } })).manifest).toEqual(manifest);
      });

      it("refuses a second deployment with the same name in one tenant, not across tenants", async () => {
        const { prisma } = db();
        const [a, b] = await Promise.all([
          prisma.tenant.create({ data: { slug: "unique-a", name: "A" } }),
          prisma.tenant.create({ data: { slug: "unique-b", name: "B" } }),
        ]);
        if (!a || !b) throw new Error("tenants were not created");
        const component = await prisma.component.create({ data: { name: "io.example/unique", ownerId: a.id } });
        const version = await prisma.componentVersion.create({ data: { componentId: component.id, version: "1.0.0", manifest: {} } });
        const deployment = (tenantId: string) => ({ data: { tenantId, name: "search", componentVersionId: version.id } });

        await prisma.deployment.create(deployment(a.id));
        const error = await rejectionOf(prisma.deployment.create(deployment(a.id)), Error);
        expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
        expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
        await expect(prisma.deployment.create(deployment(b.id))).resolves.toMatchObject({ tenantId: b.id, name: "search" });
        expect(await prisma.deployment.count({ where: { name: "search" } })).toBe(2);
      });
    });
  });
}

/** Opens a database for the enclosing describe block and applies the migrations once. */
function useMigratedDatabase(open: () => Promise<OpenedDatabase>): () => Database {
  let opened: OpenedDatabase | undefined;
  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, readMigrations());
  });
  afterAll(async () => {
    await opened?.cleanup();
  });
  return () => {
    if (!opened) throw new Error("the database did not open; see the beforeAll error");
    return opened.db;
  };
}

interface InformationSchemaColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
  datetime_precision: number | null;
}

interface ColumnShape {
  type: string;
  nullable: boolean;
  precision?: number;
}

const COLUMN_TYPES: Record<PrismaScalarField["type"], { dataType: string; udtName: string }> = {
  String: { dataType: "text", udtName: "text" },
  Int: { dataType: "integer", udtName: "int4" },
  BigInt: { dataType: "bigint", udtName: "int8" },
  DateTime: { dataType: "timestamp without time zone", udtName: "timestamp" },
  Json: { dataType: "jsonb", udtName: "jsonb" },
  Boolean: { dataType: "boolean", udtName: "bool" },
};

/** Prisma's PostgreSQL mapping; DateTime is TIMESTAMP(3), and a list is an array of the element type. */
function expectedColumn(field: PrismaScalarField): ColumnShape {
  const { dataType, udtName } = COLUMN_TYPES[field.type];
  return {
    type: field.list ? `${udtName}[]` : dataType,
    nullable: field.optional,
    ...(field.type === "DateTime" && !field.list ? { precision: 3 } : {}),
  };
}

async function appliedMigrations(db: Database): Promise<{ name: string; checksum: string }[]> {
  return db.withSession((s) => s.query(`SELECT "name", "checksum" FROM "_migrations" ORDER BY "name"`));
}

async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.withSession((s) =>
    s.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name COLLATE \"C\"",
    ),
  );
  return rows.map((row) => row.table_name);
}

function withSql(migration: Migration, sql: string): Migration {
  return { ...migration, sql, checksum: sha256(sql) };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

