import type { NodeRecord, ProcessView } from "../../runner/agent/node-agent.ts";
import { ENGINE_KEYS } from "../../runner/protocol/channels.ts";
import { announceDeploymentsChanged } from "../deployments/deployments-changed.ts";
import { resolveDeployment } from "../deployments/resolve-deployment.ts";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import { type AgentDeployment, AgentClient } from "./agent-client.ts";

export interface FleetDeployment {
  id: string;
  name: string;
  component: string;
  version: string;
  stopped: boolean;
  pool: { min: number; max: number };
  /** What each node reports for it; empty when it runs nowhere. */
  nodes: Array<{ nodeId: string } & AgentDeployment>;
  processes: Array<ProcessView & { nodeId: string }>;
}

/** A composite: no processes of its own, its members are deployments listed with the rest. */
export interface FleetComposite {
  name: string;
  stopped: boolean;
  members: string[];
}

export interface FleetOverview {
  nodes: NodeRecord[];
  deployments: FleetDeployment[];
  composites: FleetComposite[];
}

/** Live nodes, as their heartbeats in the engine say. */
export async function liveNodes(runtime: Runtime): Promise<NodeRecord[]> {
  const keys = await runtime.engine.keys(ENGINE_KEYS.nodesPrefix);
  const records = await Promise.all(keys.map((key) => runtime.engine.get(key)));
  return records.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as NodeRecord);
}

const clientFor = (runtime: Runtime, node: NodeRecord) => new AgentClient(node.address, runtime.agentToken);

/** The tenant's deployments with what every node runs for them; other tenants' stay invisible. */
export async function fleetOverview(runtime: Runtime, tenantId: string): Promise<FleetOverview> {
  const nodes = await liveNodes(runtime);
  const rows = await runtime.database.prisma.deployment.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, stopped: true, poolMin: true, poolMax: true, composition: true, componentVersion: { select: { version: true, component: { select: { name: true } } } } },
  });
  const served = rows.flatMap((row) => (row.componentVersion ? [{ ...row, componentVersion: row.componentVersion }] : []));
  const reports = await Promise.all(
    nodes.map(async (node) => {
      const client = clientFor(runtime, node);
      const [deployments, processes] = await Promise.all([client.deployments(), client.processes()]).catch(() => [[], []] as const);
      return { node, deployments, processes };
    }),
  );
  return {
    nodes,
    composites: rows.filter((row) => !row.componentVersion).map((row) => ({ name: row.name, stopped: row.stopped, members: membersOf(row.composition) })),
    deployments: served.map((row) => ({
      id: row.id,
      name: row.name,
      component: row.componentVersion.component.name,
      version: row.componentVersion.version,
      stopped: row.stopped,
      pool: { min: row.poolMin, max: row.poolMax },
      nodes: reports.flatMap(({ node, deployments }) => deployments.filter((d) => d.id === row.id).map((d) => ({ nodeId: node.id, ...d }))),
      processes: reports.flatMap(({ node, processes }) => processes.filter((p) => p.deploymentId === row.id).map((p) => ({ nodeId: node.id, ...p }))),
    })),
  };
}

function membersOf(composition: unknown): string[] {
  const members = (composition as { members?: Array<{ deployment?: unknown }> } | null)?.members;
  return Array.isArray(members) ? members.map((member) => String(member?.deployment)) : [];
}

export type FleetAction = { action: "start" } | { action: "stop" } | { action: "restart" } | { action: "scale"; min: number; max: number };

/**
 * Starts, stops, restarts or scales one of the tenant's deployments on every live node; the
 * wanted state is saved, so it holds across restarts.
 */
export async function controlDeployment(runtime: Runtime, tenantId: string, actor: string, name: string, request: FleetAction): Promise<void> {
  const db = runtime.database.prisma;
  const row = await db.deployment.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { id: true, componentVersionId: true } });
  if (!row) throw new AppError("NOT_FOUND", `your tenant has no deployment named "${name}"`);
  if (row.componentVersionId === null) return controlComposite(runtime, tenantId, actor, name, row.id, request);
  const nodes = (await liveNodes(runtime)).map((node) => clientFor(runtime, node));
  if (nodes.length === 0) throw new AppError("BAD_REQUEST", "no node agent is running: start one, then try again");
  switch (request.action) {
    case "stop":
      await db.deployment.update({ where: { id: row.id }, data: { stopped: true } });
      await announceDeploymentsChanged(runtime.engine, tenantId);
      await Promise.all(nodes.map((node) => node.undeploy(row.id)));
      break;
    case "start":
    case "restart": {
      await db.deployment.update({ where: { id: row.id }, data: { stopped: false } });
      await announceDeploymentsChanged(runtime.engine, tenantId);
      const deployment = await resolveDeployment({ db, secretBox: runtime.secretBox, tenantId, name });
      await Promise.all(nodes.map((node) => node.deploy(deployment!)));
      break;
    }
    case "scale":
      if (request.min > request.max) throw new AppError("BAD_REQUEST", `min (${request.min}) must not exceed max (${request.max})`);
      await db.deployment.update({ where: { id: row.id }, data: { poolMin: request.min, poolMax: request.max } });
      await announceDeploymentsChanged(runtime.engine, tenantId);
      await Promise.all(
        nodes.map((node) =>
          node.scale(row.id, request.min, request.max).catch((error: unknown) => {
            if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
          }),
        ),
      );
      break;
  }
  await db.auditEvent.create({ data: { tenantId, actor, action: `deployment.${request.action}`, target: `deployment:${name}`, data: request } });
}

/**
 * A composite is started and stopped (the gateway refuses new sessions on a stopped one) but has
 * no pool to restart or scale: its members are restarted and scaled as the deployments they are.
 */
async function controlComposite(runtime: Runtime, tenantId: string, actor: string, name: string, id: string, request: FleetAction): Promise<void> {
  if (request.action === "restart" || request.action === "scale") {
    throw new AppError("BAD_REQUEST", `"${name}" is a composite: it has no processes of its own to ${request.action}; ${request.action} its member deployments instead`);
  }
  const db = runtime.database.prisma;
  await db.$transaction([
    db.deployment.update({ where: { id }, data: { stopped: request.action === "stop" } }),
    db.auditEvent.create({ data: { tenantId, actor, action: `deployment.${request.action}`, target: `deployment:${name}`, data: request } }),
  ]);
  await announceDeploymentsChanged(runtime.engine, tenantId);
}

/** The last stderr lines of one of the tenant's processes. */
export async function processStderr(runtime: Runtime, tenantId: string, processId: string): Promise<string[]> {
  const overview = await fleetOverview(runtime, tenantId);
  const owned = overview.deployments.flatMap((d) => d.processes).find((p) => p.id === processId);
  if (!owned) throw new AppError("NOT_FOUND", `no process ${processId} among your deployments`);
  const node = overview.nodes.find((n) => n.id === owned.nodeId);
  const lines = node ? await clientFor(runtime, node).stderr(processId) : null;
  if (!lines) throw new AppError("NOT_FOUND", `process ${processId} has ended`);
  return lines;
}
