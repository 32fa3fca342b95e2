import os from "node:os";
import path from "node:path";
import { createAgentServer } from "../runner/agent/agent-server.ts";
import { ComponentStore } from "../runner/agent/component-store.ts";
import { NodeAgent, type NodeRecord } from "../runner/agent/node-agent.ts";
import { spawner } from "../runner/agent/spawner/spawner.ts";
import { ENGINE_KEYS } from "../runner/protocol/channels.ts";
import { loadConfig } from "../server/config/config.ts";
import { RedisEngine } from "../server/engine/redis-engine.ts";
import { StartupError } from "../server/errors.ts";
import { createLogger } from "../server/log/logger.ts";
import { lockDataDir } from "../server/start/data-dir.ts";
import { listen } from "../server/start/listen.ts";
import { ensurePortsFree } from "../server/start/ports.ts";
import type { Cleanup } from "../server/start/wire-gateway.ts";
import { AGENT_CAPACITY, agentIsolation } from "./agent-setup.ts";
import { onShutdown, say } from "./terminal.ts";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * `switchyard agent`: one node agent on its own — no web app, gateway or database — that
 * registers in the shared engine (Redis) so the web tier and gateways find it, until SIGINT/SIGTERM.
 */
export async function agent(): Promise<void> {
  const config = loadConfig();
  const redisUrl = config.redisUrl;
  if (!redisUrl) throw new StartupError("config error: a standalone agent needs REDIS_URL to register itself, e.g. REDIS_URL=redis://127.0.0.1:6379");
  const token = config.agentToken;
  if (!token) {
    throw new StartupError("config error: a standalone agent needs SWITCHYARD_AGENT_TOKEN, the same one the web tier has, to guard its control API: expected at least 32 characters, e.g. the output of `openssl rand -hex 32`");
  }
  const id = process.env.SWITCHYARD_NODE_ID || undefined;
  if (id !== undefined && !NODE_ID.test(id)) {
    throw new StartupError(`config error: SWITCHYARD_NODE_ID=${JSON.stringify(id)} is invalid: expected 1-63 letters, digits, '.', '_' or '-', e.g. SWITCHYARD_NODE_ID=${os.hostname().replace(/[^A-Za-z0-9._-]/g, "-")}`);
  }
  const log = createLogger(config.logLevel).child({ part: "agent" });
  const unlock = lockDataDir(config.dataDir);
  const cleanups: Cleanup[] = [unlock];
  const stopping = onShutdown(cleanups, log);
  try {
    await ensurePortsFree(config.host, { AGENT_PORT: config.ports.agent });
    const engine = await RedisEngine.connect(redisUrl, { keyPrefix: config.redisPrefix });
    cleanups.push(() => engine.close());
    const isolation = await agentIsolation(config);
    const address = advertisedAddress(config.host, config.ports.agent);
    if (id !== undefined) await ensureIdFree(engine, id, address);

    const store = new ComponentStore(path.join(config.dataDir, "components"), PROJECT_ROOT, config.npmRegistry);
    const node = new NodeAgent({ id, address, capacity: AGENT_CAPACITY, engine, store, isolation, log });
    // Listen first, so the record never names an address that does not answer yet.
    const agentServer = createAgentServer(node, token, log);
    await listen(agentServer.server, config.ports.agent, config.host, "AGENT_PORT");
    cleanups.push(() => agentServer.close());
    // Registered first, so it runs last: the agent's processes are stopped through it.
    cleanups.push(() => spawner.stop());
    await node.start();
    cleanups.push(() => node.stop());

    say(`node agent ${node.id} ready in ${process.uptime().toFixed(1)} s at ${address} (isolation: ${isolation.support.level}, mode: ${config.mode}; registered in Redis as ${ENGINE_KEYS.node(node.id)})`);
  } catch (error) {
    await stopping.now();
    throw error;
  }
}

/** The address other tiers reach this agent at: the bound host, or this machine's name for a wildcard. */
function advertisedAddress(host: string, port: number): string {
  const name = host === "0.0.0.0" || host === "::" ? os.hostname() : host;
  return `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
}

/**
 * Two agents with one id would overwrite each other's record. A live record for this id at
 * another address belongs to another agent; one at our own address (whose port we just found
 * free) was left by our predecessor and expires by itself.
 */
async function ensureIdFree(engine: RedisEngine, id: string, address: string): Promise<void> {
  const existing = await engine.get(ENGINE_KEYS.node(id));
  if (!existing) return;
  const other = JSON.parse(existing) as NodeRecord;
  if (other.address === address) return;
  throw new StartupError(
    `startup error: SWITCHYARD_NODE_ID=${id} is already registered by the agent at ${other.address} (host ${other.hostname}) — give each agent its own id, or stop that one first`,
  );
}
