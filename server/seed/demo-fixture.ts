import type { Db } from "../db/database.ts";
import { insertKey } from "../keys/keys-service.ts";
import { everythingManifest } from "./catalog.ts";
import { DEMO_DEPLOYMENT, DEMO_TENANT_SLUG } from "./seed-demo.ts";

/**
 * For tests that need the demo tenant, a key and the `everything` deployment but not the publish
 * path: writes the rows directly, in milliseconds, with no node agent. The product seeds through
 * publishing (seed-demo.ts); tests of publishing use that.
 */
export async function seedDemoFixture(db: Db, projectRoot: string): Promise<{ tenantId: string; apiKey: string }> {
  const manifest = everythingManifest(projectRoot);
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: DEMO_TENANT_SLUG, name: "Demo" } });
    const component = await tx.component.create({ data: { name: manifest.name, ownerId: tenant.id, description: manifest.description } });
    const version = await tx.componentVersion.create({
      data: { componentId: component.id, version: manifest.version, manifest: manifest as object },
    });
    await tx.deployment.create({ data: { tenantId: tenant.id, name: DEMO_DEPLOYMENT, componentVersionId: version.id } });
    const { key } = await insertKey(tx, { tenantId: tenant.id, name: "demo key", scopes: ["*"], actor: "system" });
    return { tenantId: tenant.id, apiKey: key };
  });
}
