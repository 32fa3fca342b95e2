import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
import { runConversationStoreContract } from "../../runner/agents/conversation-store.contract.ts";
import { type Database, openDatabase, parsePostgresUrl } from "../db/database.ts";
import { migrate } from "../db/migrator.ts";
import { PrismaConversationStore } from "./prisma-conversation-store.ts";

async function opened(database: Database, cleanup: () => Promise<void>) {
  await migrate(database);
  const db = database.prisma;
  const tenant = await db.tenant.create({ data: { slug: `t-${randomBytes(4).toString("hex")}`, name: "T" } });
  const agent = await db.agent.create({ data: { tenantId: tenant.id, slug: "support", latestVersion: "1.0.0" } });
  await db.agentVersion.create({ data: { agentId: agent.id, version: "1.0.0", definition: {} } });
  return {
    store: new PrismaConversationStore(db),
    newConversation: async () => ({ tenantId: tenant.id, agentId: "support", agentVersion: "1.0.0", title: "test" }),
    cleanup,
  };
}

runConversationStoreContract("PrismaConversationStore on PGlite", async () => {
  const database = await openDatabase({ memory: true });
  return opened(database, () => database.close());
});

const databaseUrl = process.env.DATABASE_URL;

describe.runIf(databaseUrl)("PostgreSQL (DATABASE_URL)", () => {
  runConversationStoreContract("PrismaConversationStore on PostgreSQL", async () => {
    const schema = `sy_agents_${randomBytes(6).toString("hex")}`;
    const url = new URL(databaseUrl!);
    url.searchParams.set("schema", schema);
    const database = await openDatabase({ url: url.toString() });
    return opened(database, async () => {
      await database.close();
      const client = new pg.Client({ connectionString: parsePostgresUrl(databaseUrl!).connectionString });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    });
  });
});
