import { Prisma } from "../db/generated/client.ts";
import { AgentClient } from "../fleet/agent-client.ts";
import { liveNodes } from "../fleet/fleet-service.ts";
import { AppError } from "../errors.ts";
import { endpointsAt } from "./endpoints.ts";
import type { Runtime } from "../runtime-registry.ts";
import { announceDeploymentsChanged } from "./deployments-changed.ts";

export interface DeploymentView {
  name: string;
  component: string | null;
  version: string | null;
  stopped: boolean;
  createdAt: string;
  endpoints: { mcp: string; sse: string; ws: string };
}

export function endpointsOf(runtime: Runtime, name: string): DeploymentView["endpoints"] {
  return endpointsAt(runtime.urls.gateway, name);
}

/** The tenant's deployments with the component version each runs and where to call it. */
export async function listDeployments(runtime: Runtime, tenantId: string): Promise<DeploymentView[]> {
  const rows = await runtime.database.prisma.deployment.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    select: { name: true, stopped: true, createdAt: true, componentVersion: { select: { version: true, component: { select: { name: true } } } } },
  });
  return rows.map((row) => ({
    name: row.name,
    component: row.componentVersion?.component.name ?? null,
    version: row.componentVersion?.version ?? null,
    stopped: row.stopped,
    createdAt: row.createdAt.toISOString(),
    endpoints: endpointsOf(runtime, row.name),
  }));
}

/** Stops a deployment's processes on every node and removes it; its sealed secrets go with it. */
export async function deleteDeployment(runtime: Runtime, tenantId: string, actor: string, name: string): Promise<{ deleted: string }> {
  const db = runtime.database.prisma;
  const row = await db.deployment.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", `your tenant has no deployment named "${name}"`);
  const composites = await db.deployment.findMany({ where: { tenantId, composition: { not: Prisma.DbNull } }, select: { name: true, composition: true } });
  const users = composites.filter((c) => (c.composition as { members?: Array<{ deployment?: string }> }).members?.some((m) => m.deployment === name)).map((c) => c.name);
  if (users.length > 0) {
    throw new AppError("CONFLICT", `"${name}" is a member of the composite${users.length > 1 ? "s" : ""} ${users.join(", ")}: remove it from ${users.length > 1 ? "them" : "it"} first`);
  }
  const nodes = await liveNodes(runtime);
  await Promise.all(nodes.map((node) => new AgentClient(node.address, runtime.agentToken).undeploy(row.id)));
  await db.$transaction([
    db.deployment.delete({ where: { id: row.id } }),
    db.auditEvent.create({ data: { tenantId, actor, action: "deployment.delete", target: `deployment:${name}` } }),
  ]);
  await announceDeploymentsChanged(runtime.engine, tenantId);
  return { deleted: name };
}
