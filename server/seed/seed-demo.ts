import type { Logger } from "pino";
import type { Db } from "../db/database.ts";
import { insertKey } from "../keys/keys-service.ts";
import { type PublishContext, publishVersion } from "../registry/publish.ts";
import { catalogManifests } from "./catalog.ts";

export const DEMO_TENANT_SLUG = "demo";
export const DEMO_DEPLOYMENT = "everything";
/** The tenant that publishes the catalog that ships with the product; its components are verified. */
export const CATALOG_TENANT_SLUG = "switchyard";

export type SeedResult = { seeded: false } | { seeded: true; tenantId: string; apiKey: string };

/** First start only: the demo tenant and one API key, returned so the caller can show it once. */
export async function seedDemoTenant(db: Db): Promise<SeedResult> {
  if (await db.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG }, select: { id: true } })) return { seeded: false };
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: DEMO_TENANT_SLUG, name: "Demo" } });
    await tx.auditEvent.create({ data: { tenantId: tenant.id, actor: "system", action: "seed", target: `tenant:${DEMO_TENANT_SLUG}` } });
    const { key } = await insertKey(tx, { tenantId: tenant.id, name: "demo key", scopes: ["*"], actor: "system" });
    return { seeded: true, tenantId: tenant.id, apiKey: key };
  });
}

/**
 * Publishes each catalog component version not published yet, through the same path as anyone's
 * publish (validation, probing on the node, contract snapshot, compatibility check). A newer
 * bundled version is published as an upgrade on the next start. Failures are logged, not fatal.
 */
export async function publishCatalog(context: PublishContext, projectRoot: string, log: Logger): Promise<{ published: string[]; failed: string[] }> {
  const { db } = context;
  const catalog = await db.tenant.upsert({ where: { slug: CATALOG_TENANT_SLUG }, create: { slug: CATALOG_TENANT_SLUG, name: "Switchyard catalog" }, update: {} });
  const published: string[] = [];
  const failed: string[] = [];
  for (const manifest of catalogManifests(projectRoot)) {
    const exists = await db.componentVersion.findFirst({ where: { component: { name: manifest.name }, version: manifest.version }, select: { id: true } });
    if (exists) continue;
    try {
      await publishVersion(context, { tenantId: catalog.id, actor: "system", document: manifest, verified: true });
      published.push(`${manifest.name} ${manifest.version}`);
    } catch (error) {
      log.error({ component: manifest.name, version: manifest.version, err: (error as Error).message }, "could not publish a catalog component");
      failed.push(`${manifest.name} ${manifest.version}: ${(error as Error).message}`);
    }
  }
  return { published, failed };
}

/** The demo tenant's `everything` deployment, on the newest published version of the component. */
export async function createDemoDeployment(db: Db, tenantId: string, projectRoot: string): Promise<boolean> {
  const [manifest] = catalogManifests(projectRoot);
  const version = await db.componentVersion.findFirst({ where: { component: { name: manifest!.name } }, orderBy: { publishedAt: "desc" }, select: { id: true } });
  if (!version) return false;
  await db.deployment.create({ data: { tenantId, name: DEMO_DEPLOYMENT, componentVersionId: version.id } });
  await db.auditEvent.create({ data: { tenantId, actor: "system", action: "seed", target: `deployment:${DEMO_DEPLOYMENT}` } });
  return true;
}

export async function findDemoTenantId(db: Db): Promise<string | undefined> {
  return (await db.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG }, select: { id: true } }))?.id;
}
