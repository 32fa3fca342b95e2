import { A2aFleet } from "../../runner/a2a/a2a-fleet.ts";
import type { HostedAgentBackend } from "../../runner/a2a/hosted-agent-card.ts";
import { DeploymentCache } from "../../runner/gateway/deployment-cache.ts";
import { Gateway, type ResolvedDeployment } from "../../runner/gateway/gateway.ts";
import type { Fleet } from "../../runner/gateway/routing/fleet.ts";
import { QuotaMeter } from "../../runner/gateway/quota.ts";
import { RateLimiter } from "../../runner/gateway/rate-limit.ts";
import { UsageRecorder } from "../../runner/gateway/usage.ts";
import { CHANNELS } from "../../runner/protocol/channels.ts";
import { PrismaTaskRepository, storedRules } from "../a2a/task-repository.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Database } from "../db/database.ts";
import { ephemeralCommands } from "../bench/local-command/ephemeral-commands.ts";
import { resolveDeployment } from "../deployments/resolve-deployment.ts";
import type { Engine } from "../engine/engine.ts";
import { findKeyByPrefix, markKeyUsed } from "../keys/key-lookup.ts";
import type { Logger } from "../log/logger.ts";

export type Cleanup = () => Promise<void> | void;

export interface GatewayWiring {
  /** Browser origins that may call the gateway (the console's own, in local mode). */
  allowedOrigins: string[];
  database: Database;
  engine: Engine;
  secretBox: SecretBox;
  log: Logger;
  /** Where sessions get their processes: the local agent, or the agents registered in the engine. */
  fleet: Fleet;
  /** What /healthz adds about the processes' side. */
  fleetHealth(): Record<string, unknown>;
  /** Saas mode reaches only public addresses for remote A2A agents; local mode when unset (the CLI passes its runtime's). */
  config?: { mode: "local" | "saas" };
  /** The tenants' stored agents as A2A agents at /a2a/agents/<id> (server/a2a/hosted-agents.ts); not served without. */
  agents?: HostedAgentBackend;
  /** Tests watch which deployments the gateway looked up. */
  onResolved?: (tenantId: string, name: string, found: ResolvedDeployment | null) => void;
}

/**
 * A gateway connected to the data layer (keys, deployments), the engine (revocations) and a
 * node agent; registers how to stop it in `cleanups`. The caller makes it listen.
 */
export async function wireGateway(wiring: GatewayWiring, cleanups: Cleanup[]): Promise<Gateway> {
  const { database, engine, secretBox, log, fleet, fleetHealth, onResolved, allowedOrigins } = wiring;
  const db = database.prisma;
  const a2aRules = (deploymentId: string) => storedRules(db, deploymentId);
  const deployments = new DeploymentCache((tenantId, name) => resolveDeployment({ db, secretBox, tenantId, name }));
  const gateway = new Gateway({
    log: log.child({ part: "gateway" }),
    engine,
    findKey: (prefix) => findKeyByPrefix(db, prefix),
    markKeyUsed: (keyId, at) => markKeyUsed(db, keyId, at),
    resolveDeployment: async (tenantId, name) => {
      // The bench's local commands are deployments of the tenant too, held in memory only.
      const found = ephemeralCommands().find(tenantId, name) ?? (await deployments.resolve(tenantId, name));
      onResolved?.(tenantId, name, found);
      return found;
    },
    // Remote A2A agents are deployments too: served as MCP servers without a process (runner/a2a).
    fleet: new A2aFleet(fleet, { mode: wiring.config?.mode ?? "local", rules: a2aRules }),
    a2a: { tasks: PrismaTaskRepository.forDeployments(db), rules: a2aRules },
    agents: wiring.agents,
    health: async () => ({ ...fleetHealth(), database: database.kind, engine: engine.kind }),
    rateLimiter: new RateLimiter(engine),
    quotaMeter: new QuotaMeter(engine),
    usage: new UsageRecorder(engine),
    allowedOrigins,
  });
  cleanups.push(() => fleet.close());
  cleanups.push(() => gateway.close());
  cleanups.push(await engine.subscribe(CHANNELS.keyRevoked, (prefix) => gateway.keyRevoked(prefix)));
  cleanups.push(await engine.subscribe(CHANNELS.sessionEnded, (id) => void gateway.sessionEnded(id)));
  cleanups.push(await engine.subscribe(CHANNELS.deploymentsChanged, (tenantId) => deployments.forgetTenant(tenantId)));
  return gateway;
}
