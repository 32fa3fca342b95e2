/**
 * The agents' harness for any case of the gallery: real services (startAgentsHarness), with the
 * case's servers published into the catalog through the normal publish path (installed and probed
 * by the node agent), deployed for tenant A under the case's deployment names, and its agent defined.
 */
import type { CaseDefinition } from "../../../cases/case.ts";
import { defineAgent } from "../../../server/agents/agents-service.ts";
import { publishVersion } from "../../../server/registry/publish.ts";
import { CATALOG_TENANT_SLUG } from "../../../server/seed/seed-demo.ts";
import { REPO_ROOT } from "../../gateway/test/harness.ts";
import { type AgentsHarness, startAgentsHarness } from "./agents-harness.ts";

export async function startCaseHarness(c: CaseDefinition): Promise<AgentsHarness> {
  const h = await startAgentsHarness();
  try {
    const db = h.gateway.db;
    // The catalog tenant that published the customer-service case owns the io.switchyard namespace.
    const catalog = await db.tenant.findFirstOrThrow({ where: { slug: { startsWith: `${CATALOG_TENANT_SLUG}-` } }, select: { id: true } });
    for (const deployment of c.deployments) {
      const manifest = deployment.manifest(REPO_ROOT);
      await publishVersion({ db, prober: h.gateway.agent, mode: "local" }, { tenantId: catalog.id, actor: "system", document: manifest, verified: true });
      const version = await db.componentVersion.findFirstOrThrow({ where: { component: { name: manifest.name } }, select: { id: true } });
      await db.deployment.create({ data: { tenantId: h.tenantId, name: deployment.name, componentVersionId: version.id } });
    }
    await defineAgent({ db, tenantId: h.tenantId, actor: "test", definition: c.agent });
    return h;
  } catch (error) {
    await h.close();
    throw error;
  }
}
