import { type DeploymentView, listDeployments } from "../deployments/tenant-deployments.ts";
import type { Runtime } from "../runtime-registry.ts";

export interface HostedTargets {
  gateway: string;
  /** Local mode also starts stdio commands for the bench; saas mode never does. */
  mode: "local" | "saas";
  deployments: DeploymentView[];
}

/** What the bench can connect to through the gateway: the tenant's deployments, by name. */
export async function hostedTargets(runtime: Runtime, tenantId: string): Promise<HostedTargets> {
  return { gateway: runtime.urls.gateway, mode: runtime.config.mode, deployments: await listDeployments(runtime, tenantId) };
}
