import type { Runtime } from "../runtime-registry.ts";

export interface HostedDeployment {
  name: string;
  /** Null for a deployment composed of others rather than running one component. */
  component: string | null;
  version: string | null;
  stopped: boolean;
  /** Streamable HTTP and legacy SSE endpoints on this installation's gateway. */
  endpoints: { mcp: string; sse: string };
}

export interface HostedTargets {
  gateway: string;
  /** Local mode also starts stdio commands for the bench; saas mode never does. */
  mode: "local" | "saas";
  deployments: HostedDeployment[];
}

/** What the bench can connect to through the gateway: the tenant's deployments, by name. */
export async function hostedTargets(runtime: Runtime, tenantId: string): Promise<HostedTargets> {
  const rows = await runtime.database.prisma.deployment.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    select: { name: true, stopped: true, componentVersion: { select: { version: true, component: { select: { name: true } } } } },
  });
  const gateway = runtime.urls.gateway;
  return {
    gateway,
    mode: runtime.config.mode,
    deployments: rows.map((row) => ({
      name: row.name,
      component: row.componentVersion?.component.name ?? null,
      version: row.componentVersion?.version ?? null,
      stopped: row.stopped,
      endpoints: { mcp: `${gateway}/mcp/${row.name}`, sse: `${gateway}/sse/${row.name}` },
    })),
  };
}
