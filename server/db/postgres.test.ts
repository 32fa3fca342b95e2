import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe } from "vitest";
import { openDatabase, parsePostgresUrl } from "./database.ts";
import { runDatabaseContract } from "./database.contract.ts";

/** Set DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run this suite. */
const databaseUrl = process.env.DATABASE_URL;

describe.runIf(databaseUrl)("PostgreSQL (DATABASE_URL)", () => {
  const url = databaseUrl ?? "";
  /** Schemas this run created and has not dropped yet. */
  const created = new Set<string>();

  runDatabaseContract("Postgres", async () => {
    const schema = `sy_test_${randomBytes(6).toString("hex")}`;
    const schemaUrl = new URL(url);
    schemaUrl.searchParams.set("schema", schema);
    created.add(schema);
    const db = await openDatabase({ url: schemaUrl.toString() });
    return {
      db,
      openAnother: () => openDatabase({ url: schemaUrl.toString() }),
      cleanup: async () => {
        try {
          await db.close();
        } finally {
          await dropSchemas(url, [schema]);
          created.delete(schema);
        }
      },
    };
  });

  // A safety net for an open() that failed after its schema was created.
  afterAll(() => dropSchemas(url, [...created]));
});

async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: parsePostgresUrl(url).connectionString });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
