import { openDatabase } from "./database.ts";
import { runDatabaseContract } from "./database.contract.ts";

runDatabaseContract("PGlite", async () => {
  const db = await openDatabase({ memory: true });
  return { db, cleanup: () => db.close() };
});
