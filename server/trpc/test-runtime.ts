import { randomBytes } from "node:crypto";
import { localTestConfig } from "../config/test-config.ts";
import { SecretBox } from "../crypto/secret-box.ts";
import { openDatabase } from "../db/database.ts";
import { migrate } from "../db/migrator.ts";
import { MemoryEngine } from "../engine/memory-engine.ts";
import { createLogger } from "../log/logger.ts";
import type { Runtime } from "../runtime-registry.ts";
import { PROJECT_ROOT } from "../runtime.ts";
import { seedDemoFixture } from "../seed/demo-fixture.ts";

/** A local-mode runtime on an in-memory PGlite, seeded like a first `npm start`. */
export async function openTestRuntime(): Promise<Runtime & { close: () => Promise<void> }> {
  const database = await openDatabase({ memory: true });
  await migrate(database);
  const seeded = await seedDemoFixture(database.prisma, PROJECT_ROOT);
  const engine = new MemoryEngine();
  return {
    config: localTestConfig(),
    log: createLogger("silent"),
    database,
    engine,
    secretBox: new SecretBox(randomBytes(32)),
    sessionToken: "test-session-token",
    agentToken: "test-agent-token-test-agent-token-0000",
    localTenantId: seeded.tenantId,
    projectRoot: PROJECT_ROOT,
    urls: { web: "http://127.0.0.1:3000", gateway: "http://127.0.0.1:8080", agent: "http://127.0.0.1:8090" },
    close: async () => {
      await engine.close();
      await database.close();
    },
  };
}

/** Headers of a same-origin request from a browser that opened the console link; an empty value in `extra` leaves that header out. */
export function consoleHeaders(extra: Record<string, string> = {}): Headers {
  const headers = new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", cookie: "sy_session=test-session-token", "sec-fetch-site": "same-origin", ...extra });
  for (const [name, value] of Object.entries(extra)) if (value === "") headers.delete(name);
  return headers;
}
