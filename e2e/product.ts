import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { deleteRedisKeys } from "../server/engine/redis-test-keys.ts";

export interface Product {
  web: string;
  gateway: string;
  agent: string;
  dataDir: string;
  sessionToken: string;
  demoKey: string;
  output: () => string;
  /** Ctrl-C, as a person would: resolves with how long it took and what was still running. */
  stop: (options?: { keepData?: boolean }) => Promise<{ ms: number; leftovers: string[] }>;
}

/**
 * Starts `npm start` in its own process group with its own data dir and ports. "embedded" runs
 * on the defaults (PGlite, in-memory engine); "configured" keeps DATABASE_URL (in a schema of its
 * own) and REDIS_URL from the environment.
 */
export type Backends = "embedded" | "configured";

export async function startProduct(backends: Backends, portBase: number, reuseDataDir?: string, extraEnv: Record<string, string> = {}): Promise<Product> {
  const dataDir = reuseDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `switchyard-e2e-${backends}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHYARD_DATA_DIR: dataDir,
    WEB_PORT: String(portBase),
    GATEWAY_PORT: String(portBase + 1),
    AGENT_PORT: String(portBase + 2),
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  let schemaUrl: string | undefined;
  let redisPrefix: string | undefined;
  if (backends === "embedded") {
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
  } else if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.searchParams.set("schema", `sy_e2e_${randomBytes(5).toString("hex")}`);
    env.DATABASE_URL = schemaUrl = url.toString();
  }
  if (backends === "configured" && env.REDIS_URL) env.SWITCHYARD_REDIS_PREFIX = redisPrefix = `sy-e2e-${randomBytes(5).toString("hex")}:`;
  const child = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await waitFor(child, () => output.includes("press Ctrl-C to stop"), () => output, 240_000);

  const read = (name: string) => fs.readFileSync(path.join(dataDir, name), "utf8").trim();
  return {
    web: `http://127.0.0.1:${portBase}`,
    gateway: `http://127.0.0.1:${portBase + 1}`,
    agent: `http://127.0.0.1:${portBase + 2}`,
    dataDir,
    sessionToken: read("session-token"),
    demoKey: read("demo-api-key"),
    output: () => output,
    stop: async (options = {}) => {
      const started = Date.now();
      process.kill(-child.pid!, "SIGINT");
      const exited = await waitForExit(child, 10_000);
      const ms = Date.now() - started;
      const leftovers = groupMembers(child.pid!);
      if (!exited || leftovers.length > 0) process.kill(-child.pid!, "SIGKILL");
      if (schemaUrl) await dropSchema(schemaUrl);
      if (redisPrefix) await deleteRedisKeys(process.env.REDIS_URL!, redisPrefix);
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
      return { ms, leftovers };
    },
  };
}

/**
 * Processes of the group still running. Zombies do not count: they are dead, and only wait for
 * init to reap them. bwrap's inner process can end up one when the machine's init does not reap
 * (as in this container); a real init does.
 */
function groupMembers(pgid: number): string[] {
  const table = execFileSync("ps", ["-e", "-o", "pgid=,stat=,pid=,args="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([group, stat]) => group === String(pgid) && stat !== undefined && !stat.startsWith("Z"))
    .map((fields) => fields.slice(2).join(" "));
}

async function waitFor(child: ChildProcess, ready: () => boolean, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready after ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function dropSchema(url: string): Promise<void> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema")!;
  parsed.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
