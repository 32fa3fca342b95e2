import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ServerJson } from "../../runner/protocol/server-json.ts";
import type { Db } from "../db/database.ts";
import { insertKey } from "../keys/keys-service.ts";

export const DEMO_TENANT_SLUG = "demo";
export const DEMO_DEPLOYMENT = "everything";

/** The reference server from the MCP project, installed as one of our dependencies. */
export function everythingManifest(projectRoot: string): ServerJson {
  const require = createRequire(path.join(projectRoot, "package.json"));
  const pkg = JSON.parse(fs.readFileSync(require.resolve("@modelcontextprotocol/server-everything/package.json"), "utf8")) as {
    name: string;
    version: string;
    description: string;
    mcpName?: string;
  };
  return {
    $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    name: pkg.mcpName ?? "io.github.modelcontextprotocol/server-everything",
    title: "Everything",
    description: pkg.description,
    version: pkg.version,
    repository: { url: "https://github.com/modelcontextprotocol/servers", source: "github" },
    packages: [
      {
        registryType: "npm",
        identifier: pkg.name,
        version: pkg.version,
        transport: { type: "stdio" },
        packageArguments: [{ type: "positional", value: "stdio" }],
      },
    ],
  };
}

export type SeedResult = { seeded: false } | { seeded: true; tenantId: string; apiKey: string };

/**
 * First start only: the demo tenant, one API key and the `everything` deployment, in one
 * transaction. Returns the key so the caller can show it once; later starts return seeded: false.
 */
export async function seedDemo(db: Db, projectRoot: string): Promise<SeedResult> {
  if (await db.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG }, select: { id: true } })) return { seeded: false };
  const manifest = everythingManifest(projectRoot);
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: DEMO_TENANT_SLUG, name: "Demo" } });
    const component = await tx.component.create({ data: { name: manifest.name, ownerId: tenant.id } });
    const version = await tx.componentVersion.create({
      data: { componentId: component.id, version: manifest.version, manifest: manifest as object },
    });
    await tx.deployment.create({ data: { tenantId: tenant.id, name: DEMO_DEPLOYMENT, componentVersionId: version.id } });
    await tx.auditEvent.create({ data: { tenantId: tenant.id, actor: "system", action: "seed", target: `deployment:${DEMO_DEPLOYMENT}` } });
    const { key } = await insertKey(tx, { tenantId: tenant.id, name: "demo key", scopes: ["*"], actor: "system" });
    return { seeded: true, tenantId: tenant.id, apiKey: key };
  });
}

export async function findDemoTenantId(db: Db): Promise<string | undefined> {
  return (await db.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG }, select: { id: true } }))?.id;
}
