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
import { readOrCreateSecret } from "./start/data-dir.ts";

/** What every part of a Switchyard process shares: configuration, database, engine, logs. */
export interface Runtime {
  config: Config;
  log: Logger;
  database: Database;
  engine: Engine;
  secretBox: SecretBox;
  /** Local mode: the per-start token that opens the console (see server/trpc/console-auth.ts). */
  sessionToken: string | undefined;
  /** Local mode: the tenant the console acts for. */
  localTenantId: string | undefined;
  projectRoot: string;
  urls: { web: string; gateway: string; agent: string };
}

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const secretBox = new SecretBox(secretKey(config));
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  let engine: Engine | undefined;
  try {
    const applied = await migrate(database);
    if (applied.length > 0) log.info({ applied }, "database migrated");
    engine = config.redisUrl ? await RedisEngine.connect(config.redisUrl) : new MemoryEngine();
  } catch (error) {
    await database.close().catch(() => {});
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

const GLOBAL_KEY = Symbol.for("switchyard.runtime");
type RuntimeHolder = { [GLOBAL_KEY]?: Runtime };

/**
 * The web app runs inside the same process as the launcher (cli/start.ts), but Next bundles its
 * own copy of server/, so module-level singletons would not be shared: the process-wide
 * registry is globalThis.
 */
export function publishRuntime(runtime: Runtime): void {
  (globalThis as RuntimeHolder)[GLOBAL_KEY] = runtime;
}

export function currentRuntime(): Runtime {
  const runtime = (globalThis as RuntimeHolder)[GLOBAL_KEY];
  if (!runtime) throw new Error("Switchyard runtime not started: run the web app through `npm start`");
  return runtime;
}
