import { RemoteFleet } from "../runner/gateway/routing/remote-fleet.ts";
import { loadConfig } from "../server/config/config.ts";
import { StartupError } from "../server/errors.ts";
import { createLogger } from "../server/log/logger.ts";
import { closeRuntime, openRuntime } from "../server/runtime.ts";
import { listen } from "../server/start/listen.ts";
import { ensurePortsFree } from "../server/start/ports.ts";
import { type Cleanup, wireGateway } from "../server/start/wire-gateway.ts";
import { hostedAgents } from "../server/a2a/hosted-agents.ts";
import { onShutdown, say } from "./terminal.ts";

/**
 * `switchyard gateway`: one more gateway, on its own — the stateless tier that runs in several
 * copies (Kubernetes). Keys and deployments come from PostgreSQL; sessions, rate limits and the
 * node agents it routes to from Redis; processes run on the agents, reached over their links.
 */
export async function gateway(): Promise<void> {
  const config = loadConfig();
  const missing = [
    ["DATABASE_URL", config.databaseUrl, "postgresql://switchyard@db:5432/switchyard"],
    ["REDIS_URL", config.redisUrl, "redis://redis:6379"],
    ["SWITCHYARD_AGENT_TOKEN", config.agentToken, "the agents' token, e.g. the output of `openssl rand -hex 32`"],
  ].find(([, value]) => !value);
  if (missing) throw new StartupError(`config error: a standalone gateway needs ${missing[0]}, e.g. ${missing[0]}=${missing[2]}`);
  const log = createLogger(config.logLevel).child({ part: "gateway" });
  const cleanups: Cleanup[] = [];
  const stopping = onShutdown(cleanups, log);
  try {
    await ensurePortsFree(config.host, { GATEWAY_PORT: config.ports.gateway });
    const runtime = await openRuntime(config, log);
    cleanups.push(() => closeRuntime(runtime));
    const fleet = new RemoteFleet(runtime.engine, config.agentToken!, log);
    const fleetHealth = () => ({ fleet: "remote" });
    const server = await wireGateway({ ...runtime, fleet, fleetHealth, allowedOrigins: [], agents: hostedAgents(runtime) }, cleanups);
    await listen(server.server, config.ports.gateway, config.host, "GATEWAY_PORT");
    say(`gateway ready in ${process.uptime().toFixed(1)} s at ${runtime.urls.gateway} (MCP at /mcp/<deployment>, /sse/<deployment>, /ws/<deployment>; node agents from Redis)`);
  } catch (error) {
    await stopping.now();
    throw error;
  }
}
