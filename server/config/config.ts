import path from "node:path";
import { z } from "zod";
import { StartupError, maskUrl } from "../errors.ts";

const port = (example: number) =>
  z.coerce
    .number({ error: `expected a port number, e.g. ${example}` })
    .int({ error: `expected a whole port number 1-65535, e.g. ${example}` })
    .min(1, { error: `expected a port number 1-65535, e.g. ${example}` })
    .max(65535, { error: `expected a port number 1-65535, e.g. ${example}` })
    .default(example);

const serviceUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { error: `expected a ${protocols.map((p) => p.replace(":", "://")).join(" or ")} URL, e.g. ${example}` },
    )
    .optional();

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

/** Every variable Switchyard reads, with its default and an example of a good value. */
const envSchema = z.object({
  SWITCHYARD_MODE: z
    .enum(["local", "saas"], { error: "expected local or saas, e.g. SWITCHYARD_MODE=local" })
    .default("local"),
  SWITCHYARD_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]+$/, { error: "expected a host name or IP address, e.g. 127.0.0.1" })
    .default("127.0.0.1"),
  WEB_PORT: port(3000),
  GATEWAY_PORT: port(8080),
  AGENT_PORT: port(8090),
  SWITCHYARD_DATA_DIR: z.string().trim().min(1, { error: "expected a directory path, e.g. .switchyard" }).default(".switchyard"),
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    serviceUrl(["postgres:", "postgresql:"], "postgresql://postgres@127.0.0.1:5432/test"),
  ),
  REDIS_URL: z.preprocess(emptyAsUnset, serviceUrl(["redis:", "rediss:"], "redis://127.0.0.1:6379")),
  /** Where node agents install components' npm packages from (a private mirror); npm's own setting otherwise. */
  SWITCHYARD_NPM_REGISTRY: z.preprocess(emptyAsUnset, serviceUrl(["http:", "https:"], "https://registry.npmjs.org/")),
  /** Lets several installations (or test runs) share one Redis without seeing each other. */
  SWITCHYARD_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, { error: "expected 1-64 letters, digits, ':', '_' or '-', e.g. SWITCHYARD_REDIS_PREFIX=sy:" })
    .default("sy:"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "expected one of fatal, error, warn, info, debug, trace, silent, e.g. LOG_LEVEL=info",
    })
    .default("info"),
  /** Shared by the web tier and the node agents for the agents' control API; local mode makes one per start. */
  SWITCHYARD_AGENT_TOKEN: z.preprocess(
    emptyAsUnset,
    z.string().min(32, { error: "expected at least 32 characters, e.g. the output of `openssl rand -hex 32`" }).optional(),
  ),
  /** 32-byte key (hex or base64) sealing deployment secrets; local mode keeps one in the data dir. */
  SWITCHYARD_SECRET_KEY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((value) => decodeKey(value) !== undefined, {
        error: "expected 32 bytes as 64 hex characters or base64, e.g. the output of `openssl rand -hex 32`",
      })
      .optional(),
  ),
});

export interface Config {
  mode: "local" | "saas";
  host: string;
  ports: { web: number; gateway: number; agent: number };
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Where node agents install components' npm packages from; npm's own configuration when unset. */
  npmRegistry?: string;
  redisPrefix: string;
  logLevel: string;
  secretKey: Buffer | undefined;
  agentToken: string | undefined;
}

export function decodeKey(value: string): Buffer | undefined {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  return key.length === 32 ? key : undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
const SECRET_VARIABLES = new Set(["SWITCHYARD_AGENT_TOKEN", "SWITCHYARD_SECRET_KEY"]);

/** A bad value as an error message may show it: secrets never, URLs without their password. */
function shown(name: string, value: string): string {
  if (SECRET_VARIABLES.has(name)) return `(hidden, ${value.length} characters)`;
  return JSON.stringify(name.endsWith("_URL") ? maskUrl(value) : value);
}

/**
 * Reads and validates the environment once. A bad value throws a StartupError whose message
 * names the variable, what was wrong and an example of a good value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new StartupError(`config error: ${name}=${shown(name, env[name] ?? "")} is invalid: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.SWITCHYARD_MODE === "local" && !LOOPBACK.has(e.SWITCHYARD_HOST)) {
    throw new StartupError(
      `config error: SWITCHYARD_HOST=${JSON.stringify(e.SWITCHYARD_HOST)} is invalid: local mode only listens on loopback, e.g. SWITCHYARD_HOST=127.0.0.1 (or set SWITCHYARD_MODE=saas)`,
    );
  }
  const ports = { web: e.WEB_PORT, gateway: e.GATEWAY_PORT, agent: e.AGENT_PORT };
  const clash = Object.entries(ports).find(([name, value]) =>
    Object.entries(ports).some(([other, v]) => other !== name && v === value),
  );
  if (clash) {
    throw new StartupError(
      `config error: WEB_PORT, GATEWAY_PORT and AGENT_PORT must differ, but two are ${clash[1]}, e.g. WEB_PORT=3000 GATEWAY_PORT=8080 AGENT_PORT=8090`,
    );
  }
  return {
    mode: e.SWITCHYARD_MODE,
    host: e.SWITCHYARD_HOST,
    ports,
    dataDir: path.resolve(cwd, e.SWITCHYARD_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    npmRegistry: e.SWITCHYARD_NPM_REGISTRY,
    redisPrefix: e.SWITCHYARD_REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    secretKey: e.SWITCHYARD_SECRET_KEY === undefined ? undefined : decodeKey(e.SWITCHYARD_SECRET_KEY),
    agentToken: e.SWITCHYARD_AGENT_TOKEN,
  };
}
