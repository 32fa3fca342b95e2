import type { NodeAgent } from "../../runner/agent/node-agent.ts";
import { isA2aManifest } from "../../runner/a2a/meta-key.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../log/logger.ts";
import { resolveDeployment } from "./resolve-deployment.ts";

export interface DeployResult {
  name: string;
  tenantId: string;
  ok: boolean;
  error?: string;
}

/**
 * Starts the warm pools of every deployment on this node (local mode has one node), so the
 * first session of each starts warm. A broken deployment is reported, not fatal.
 */
export async function deployAll(options: { db: Db; secretBox: SecretBox; agent: NodeAgent; log: Logger }): Promise<DeployResult[]> {
  const { db, secretBox, agent, log } = options;
  // Composites have no pool of their own: their members are deployments of their own, started here.
  const rows = await db.deployment.findMany({ where: { stopped: false, componentVersionId: { not: null } }, select: { tenantId: true, name: true }, orderBy: { createdAt: "asc" } });
  const results: DeployResult[] = [];
  for (const { tenantId, name } of rows) {
    try {
      const deployment = await resolveDeployment({ db, secretBox, tenantId, name });
      if (deployment && deployment.composition === undefined && !isA2aManifest(deployment.manifest)) await agent.deploy(deployment);
      results.push({ name, tenantId, ok: true });
    } catch (error) {
      log.error({ deployment: name, err: (error as Error).message }, "deployment could not start");
      results.push({ name, tenantId, ok: false, error: (error as Error).message });
    }
  }
  return results;
}
