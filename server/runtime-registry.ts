import type { Config } from "./config/config.ts";
import type { SecretBox } from "./crypto/secret-box.ts";
import type { Database } from "./db/database.ts";
import type { Engine } from "./engine/engine.ts";
import type { Logger } from "./log/logger.ts";

/** What every part of a Switchyard process shares: configuration, database, engine, logs. */
export interface Runtime {
  config: Config;
  log: Logger;
  database: Database;
  engine: Engine;
  secretBox: SecretBox;
  /** Local mode: the per-start token that opens the console (see server/trpc/console-auth.ts). */
  sessionToken: string | undefined;
  /** Authorizes calls to the node agents' control API. */
  agentToken: string;
  /** Local mode: the tenant the console acts for. */
  localTenantId: string | undefined;
  projectRoot: string;
  urls: { web: string; gateway: string; agent: string };
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
