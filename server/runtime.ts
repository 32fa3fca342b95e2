import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Config } from "./config/config.ts";
import { SecretBox } from "./crypto/secret-box.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrator.ts";
import type { Engine } from "./engine/engine.ts";
import { MemoryEngine } from "./engine/memory-engine.ts";
import { RedisEngine } from "./engine/redis-engine.ts";
import { StartupError } from "./errors.ts";
import type { Logger } from "./log/logger.ts";
import type { Runtime } from "./runtime-registry.ts";
import { readOrCreateSecret } from "./start/data-dir.ts";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const secretBox = new SecretBox(secretKey(config));
  if (config.mode === "saas" && !config.agentToken) {
    throw new StartupError("config error: SWITCHYARD_AGENT_TOKEN is required in saas mode (the web tier and the agents share it): expected at least 32 characters, e.g. the output of `openssl rand -hex 32`");
  }
  // Both services are reached before anything is written, so a bad URL changes nothing.
  const engine: Engine = config.redisUrl ? await RedisEngine.connect(config.redisUrl, { keyPrefix: config.redisPrefix }) : new MemoryEngine();
  let database: Database;
  try {
    database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (error) {
    await engine.close();
    throw error;
  }
  try {
    const applied = await migrate(database);
    if (applied.length > 0) log.info({ applied }, "database migrated");
  } catch (error) {
    await Promise.allSettled([database.close(), engine.close()]);
    throw error;
  }
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return {
    config,
    log,
    database,
    engine,
    secretBox,
    sessionToken: undefined,
    agentToken: config.agentToken ?? randomBytes(32).toString("base64url"),
    localTenantId: undefined,
    projectRoot: PROJECT_ROOT,
    urls: {
      web: `http://${host}:${config.ports.web}`,
      gateway: `http://${host}:${config.ports.gateway}`,
      agent: `http://${host}:${config.ports.agent}`,
    },
  };
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await Promise.allSettled([runtime.engine.close(), runtime.database.close()]);
}

function secretKey(config: Config): Buffer {
  if (config.secretKey) return config.secretKey;
  if (config.mode === "saas") {
    throw new StartupError("config error: SWITCHYARD_SECRET_KEY is required in saas mode: expected 32 bytes as 64 hex characters, e.g. the output of `openssl rand -hex 32`");
  }
  return readOrCreateSecret(path.join(config.dataDir, "secret.key"));
}
