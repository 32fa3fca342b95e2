import { CASES } from "../../cases/index.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { defineAgent } from "../agents/agents-service.ts";

/**
 * The case gallery for a tenant (the local demo tenant at `npm start`): each case's deployments,
 * on the newest published version of its component, and its agent. Runs at every start and adds
 * only what is missing, so a case added in a new release appears on the next start. A case whose
 * component is not published (its publish failed) is left out, with a warning.
 */
export async function seedCases(db: Db, tenantId: string, projectRoot: string, log: Logger): Promise<string[]> {
  const added: string[] = [];
  for (const c of CASES) {
    let ready = true;
    for (const deployment of c.deployments) {
      const { name: component } = deployment.manifest(projectRoot);
      if (await db.deployment.findUnique({ where: { tenantId_name: { tenantId, name: deployment.name } }, select: { id: true } })) continue;
      const version = await db.componentVersion.findFirst({ where: { component: { name: component } }, orderBy: { publishedAt: "desc" }, select: { id: true } });
      if (!version) {
        log.warn({ case: c.id, component }, "the case's component is not published; the case is left out");
        ready = false;
        continue;
      }
      await db.$transaction([
        db.deployment.create({ data: { tenantId, name: deployment.name, componentVersionId: version.id } }),
        db.auditEvent.create({ data: { tenantId, actor: "system", action: "seed", target: `deployment:${deployment.name}` } }),
      ]);
      added.push(`deployment ${deployment.name}`);
    }
    if (!ready) continue;
    try {
      const agent = await defineAgent({ db, tenantId, actor: "system", definition: c.agent });
      if (agent.created) added.push(`agent ${agent.id} ${agent.definition.version}`);
    } catch (error) {
      // The tenant changed the case's agent under the same version: theirs stays.
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
      log.warn({ case: c.id, err: error.message }, "the case's agent was not defined");
    }
  }
  return added;
}
