import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { StartupError } from "../errors.ts";
import type { Database } from "./database.ts";
import type { SqlConnection } from "./sql-connection.ts";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Any constant works; it only has to be the same for every Switchyard process. */
const ADVISORY_LOCK_KEY = 7_215_002_311;

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}_[a-z0-9_]+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies the migrations not applied yet, each in its own transaction, under an advisory lock so
 * two processes starting at once apply each migration once. Refuses to go on when a migration
 * that was already applied has changed since: its checksum no longer matches.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      return await applyPending(session, migrations);
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  });
}

async function applyPending(session: SqlConnection, migrations: Migration[]): Promise<string[]> {
  await session.exec(`CREATE TABLE IF NOT EXISTS "_migrations" (
    "name" TEXT PRIMARY KEY,
    "checksum" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const applied = new Map(
    (await session.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_migrations"`)).map(
      (row) => [row.name, row.checksum],
    ),
  );
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StartupError(
      `migration error: the database has migration ${unknown[0]} that this version of Switchyard does not know — it was migrated by a newer version; run that version or use a fresh database`,
    );
  }
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new StartupError(
          `migration error: prisma/migrations/${migration.name}/migration.sql changed after it was applied (checksum ${checksum.slice(0, 12)} in the database, ${migration.checksum.slice(0, 12)} on disk) — restore the file and put the change in a new migration`,
        );
      }
      continue;
    }
    await session.exec("BEGIN");
    try {
      await session.exec(migration.sql);
      await session.query(`INSERT INTO "_migrations" ("name", "checksum") VALUES ($1, $2)`, [
        migration.name,
        migration.checksum,
      ]);
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK");
      throw new StartupError(`migration error: ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
        cause: error,
      });
    }
    done.push(migration.name);
  }
  return done;
}
