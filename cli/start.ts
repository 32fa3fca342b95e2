import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import next from "next";
import { createAgentServer } from "../runner/agent/agent-server.ts";
import { ComponentStore } from "../runner/agent/component-store.ts";
import { NodeAgent } from "../runner/agent/node-agent.ts";
import { spawner } from "../runner/agent/spawner/spawner.ts";
import { loadConfig } from "../server/config/config.ts";
import { deployAll } from "../server/deployments/deploy-all.ts";
import { recordNodeSeen } from "../server/nodes/node-inventory.ts";
import { createLogger } from "../server/log/logger.ts";
import { closeRuntime, openRuntime } from "../server/runtime.ts";
import { type Runtime, publishRuntime } from "../server/runtime-registry.ts";
import { DEMO_DEPLOYMENT, type SeedResult, createDemoDeployment, findDemoTenantId, publishCatalog, seedDemoTenant } from "../server/seed/seed-demo.ts";
import { seedCases } from "../server/seed/seed-cases.ts";
import { lockDataDir, writePrivateFile } from "../server/start/data-dir.ts";
import { closeServer, listen } from "../server/start/listen.ts";
import { ensurePortsFree } from "../server/start/ports.ts";
import { ensureWebBuild } from "../server/start/web-build.ts";
import { type Cleanup, wireGateway } from "../server/start/wire-gateway.ts";
import { hostedAgents } from "../server/a2a/hosted-agents.ts";
import { LocalFleet } from "../runner/gateway/routing/local-fleet.ts";
import { runtimeWsProxy } from "../server/bench/proxy/runtime-ws-proxy.ts";
import { WS_PROXY_PATH } from "../server/bench/proxy/ws-proxy-contract.ts";
import { AGENT_CAPACITY, agentIsolation } from "./agent-setup.ts";
import { onShutdown, say } from "./terminal.ts";

/**
 * `npm start`: the whole product in one process on the configured engines — the web app, the
 * gateway and one local node agent — until Ctrl-C.
 */
export async function start(): Promise<void> {
  const began = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const unlock = lockDataDir(config.dataDir);
  // Each part registers how to stop it as soon as it runs; shutdown goes in reverse order.
  const cleanups: Cleanup[] = [unlock];
  const stopping = onShutdown(cleanups, log);
  try {
    await ensurePortsFree(config.host, { WEB_PORT: config.ports.web, GATEWAY_PORT: config.ports.gateway, AGENT_PORT: config.ports.agent });
    const runtime = await openRuntime(config, log);
    cleanups.push(() => closeRuntime(runtime));
    const seeded = await prepareLocalTenant(runtime);
    publishRuntime(runtime);

    const built = await ensureWebBuild(runtime.projectRoot, say);
    const agent = await startAgent(runtime, cleanups);
    await seedCatalog(runtime, agent, seeded);
    const deployed = await deployAll({ db: runtime.database.prisma, secretBox: runtime.secretBox, agent, log });
    for (const failed of deployed.filter((d) => !d.ok)) say(`warning: deployment "${failed.name}" could not start: ${failed.error}`);
    // The web app first: once the gateway answers /healthz, everything does.
    await startWeb(runtime, cleanups);
    await startGateway(runtime, agent, cleanups);

    printWhereEverythingIs(runtime, built, Date.now() - began);
  } catch (error) {
    await stopping.now();
    throw error;
  }
}

/** Local mode: the demo tenant (and its key, on first start) and this start's console session token. */
async function prepareLocalTenant(runtime: Runtime): Promise<SeedResult> {
  if (runtime.config.mode !== "local") return { seeded: false };
  const seeded = await seedDemoTenant(runtime.database.prisma);
  if (seeded.seeded) {
    const file = path.join(runtime.config.dataDir, "demo-api-key");
    writePrivateFile(file, seeded.apiKey + "\n");
    say(`seeded the demo tenant and a demo API key (shown once; also in ${file}, mode 0600):`);
    say(`  ${seeded.apiKey}`);
  }
  runtime.localTenantId = await findDemoTenantId(runtime.database.prisma);
  runtime.sessionToken = randomBytes(24).toString("base64url");
  writePrivateFile(path.join(runtime.config.dataDir, "session-token"), runtime.sessionToken + "\n");
  return seeded;
}

/**
 * The bundled components are published through the normal publish path, probed by this node's
 * agent; on first start the demo tenant gets a deployment of the reference server.
 */
async function seedCatalog(runtime: Runtime, agent: NodeAgent, seeded: SeedResult): Promise<void> {
  const db = runtime.database.prisma;
  const { published, failed } = await publishCatalog({ db, prober: agent, mode: runtime.config.mode }, runtime.projectRoot, runtime.log);
  for (const component of published) say(`published ${component} to the catalog`);
  for (const failure of failed) say(`warning: could not publish ${failure}`);
  if (seeded.seeded && (await createDemoDeployment(db, seeded.tenantId, runtime.projectRoot))) say(`created the demo deployment "${DEMO_DEPLOYMENT}"`);
  if (runtime.localTenantId) for (const added of await seedCases(db, runtime.localTenantId, runtime.projectRoot, runtime.log)) say(`added the case gallery's ${added}`);
}

async function startAgent(runtime: Runtime, cleanups: Cleanup[]): Promise<NodeAgent> {
  const { config, log, engine, database } = runtime;
  const capacity = AGENT_CAPACITY;
  const store = new ComponentStore(path.join(config.dataDir, "components"), runtime.projectRoot, config.npmRegistry);
  const isolation = await agentIsolation(config);
  // Only this single-user, loopback-bound agent runs the bench's local commands.
  const allowCommands = config.mode === "local";
  const agent = new NodeAgent({ address: runtime.urls.agent, capacity, engine, store, isolation, allowCommands, log: log.child({ part: "agent" }) });
  // Registered first, so it runs last: the agent's processes are stopped through it.
  cleanups.push(() => spawner.stop());
  await agent.start();
  cleanups.push(() => agent.stop());

  const node = { id: agent.id, address: runtime.urls.agent, capacity };
  await recordNodeSeen(database.prisma, node);
  const inventory = setInterval(() => {
    recordNodeSeen(database.prisma, node).catch((error: unknown) => log.warn({ err: error }, "could not record the node"));
  }, 60_000);
  cleanups.push(() => clearInterval(inventory));

  const agentServer = createAgentServer(agent, runtime.agentToken, log.child({ part: "agent" }));
  await listen(agentServer.server, config.ports.agent, config.host, "AGENT_PORT");
  cleanups.push(() => agentServer.close());
  return agent;
}

async function startGateway(runtime: Runtime, agent: NodeAgent, cleanups: Cleanup[]): Promise<void> {
  const web = runtime.config.ports.web;
  const allowedOrigins = runtime.config.mode === "local" ? [runtime.urls.web, `http://localhost:${web}`, `http://127.0.0.1:${web}`] : [];
  const fleetHealth = () => ({ node: agent.id, load: agent.load });
  const gateway = await wireGateway({ ...runtime, fleet: new LocalFleet(agent), fleetHealth, allowedOrigins, agents: hostedAgents(runtime) }, cleanups);
  await listen(gateway.server, runtime.config.ports.gateway, runtime.config.host, "GATEWAY_PORT");
}

async function startWeb(runtime: Runtime, cleanups: Cleanup[]): Promise<void> {
  const { config } = runtime;
  const app = next({ dev: false, dir: runtime.projectRoot, hostname: config.host, port: config.ports.web });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  // Route handlers cannot take WebSocket upgrades: the bench's WebSocket proxy is served here.
  const wsProxy = runtimeWsProxy(runtime);
  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").split("?")[0] === WS_PROXY_PATH) wsProxy.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await listen(server, config.ports.web, config.host, "WEB_PORT");
  cleanups.push(() => closeServer(server), () => wsProxy.close());
}

function printWhereEverythingIs(runtime: Runtime, built: string, elapsedMs: number): void {
  const { urls, config, database, engine } = runtime;
  say(`ready in ${(elapsedMs / 1000).toFixed(1)} s (web app ${built === "built" ? "built now" : "already built"})`);
  say(`  web app      ${urls.web}`);
  if (runtime.sessionToken) say(`  console      ${urls.web}/login?token=${runtime.sessionToken}`);
  say(`  gateway      ${urls.gateway}  (health /healthz, metrics /metrics)`);
  say(`  demo server  ${urls.gateway}/mcp/${DEMO_DEPLOYMENT}  (Authorization: Bearer <key from ${path.join(config.dataDir, "demo-api-key")}>)`);
  say(`  node agent   ${urls.agent}  (health /healthz, metrics /metrics)`);
  say(`  database     ${database.kind === "pglite" ? `PGlite in ${path.join(config.dataDir, "pgdata")}` : "PostgreSQL (DATABASE_URL)"}`);
  say(`  engine       ${engine.kind === "memory" ? "in-memory" : "Redis (REDIS_URL)"}`);
  say("press Ctrl-C to stop");
}
