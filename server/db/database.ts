import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { StartupError, maskUrl } from "../errors.ts";
import { type Prisma, PrismaClient } from "./generated/client.ts";
import type { SqlConnection } from "./sql-connection.ts";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly prisma: PrismaClient;
  /** Runs `fn` on one dedicated session (advisory locks and transactions stay on it). */
  withSession<T>(fn: (session: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

/** PostgreSQL when a URL is given, PGlite (on disk, or in memory for tests) otherwise. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return "url" in target ? openPostgres(target.url) : openPglite(target);
}

async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Database> {
  let client: PGlite;
  if ("dataDir" in target) {
    const dir = path.join(target.dataDir, "pgdata");
    fs.mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir);
  } else {
    client = await PGlite.create();
  }
  const session: SqlConnection = {
    query: async (sql, params) => (await client.query(sql, params)).rows as never,
    exec: async (sql) => {
      await client.exec(sql);
    },
  };
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  // PGlite is one session, and an advisory lock does not block its own holder: callers take
  // turns instead, so two migrations never interleave their transactions. (Prisma queries do
  // not queue here; only use withSession where nothing else writes, as at start-up.)
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: "pglite",
    prisma,
    withSession: (fn) => {
      const turn = queue.then(() => fn(session));
      queue = turn.catch(() => {});
      return turn;
    },
    close: async () => {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

/** `?schema=name` selects a schema, as in Prisma URLs; tests use it to keep runs apart. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? "public";
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}

async function openPostgres(url: string): Promise<Database> {
  const { connectionString, schema } = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString,
    options: `-c search_path="${schema.replaceAll('"', '""')}"`,
    connectionTimeoutMillis: 5_000,
    max: 10,
  });
  pool.on("error", () => {
    // An idle client lost its connection; the pool drops it and the next query reconnects.
  });
  try {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StartupError(
      `DATABASE_URL: cannot connect to ${maskUrl(url)} (${reason}) — is PostgreSQL running and the database created? e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test`,
      { cause: error },
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  return {
    kind: "postgres",
    prisma,
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
          exec: async (sql) => {
            await client.query(sql);
          },
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
