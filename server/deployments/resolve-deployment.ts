import type { ResolvedDeployment } from "../../runner/gateway/gateway.ts";
import { serverJsonSchema } from "../../runner/protocol/server-json.ts";
import type { SecretBox, Sealed } from "../crypto/secret-box.ts";
import type { Db } from "../db/database.ts";

/**
 * A tenant's deployment by name, with what a node needs to run it: the manifest of its component
 * version, its plain config and its secrets (opened here, never logged).
 */
export async function resolveDeployment(options: { db: Db; secretBox: SecretBox; tenantId: string; name: string }): Promise<ResolvedDeployment | null> {
  const { db, secretBox, tenantId, name } = options;
  const row = await db.deployment.findUnique({
    where: { tenantId_name: { tenantId, name } },
    select: {
      id: true,
      name: true,
      config: true,
      secrets: true,
      poolMin: true,
      poolMax: true,
      stopped: true,
      componentVersion: { select: { manifest: true } },
    },
  });
  if (!row) return null;
  const manifest = serverJsonSchema.parse(row.componentVersion.manifest);
  const values = {
    config: row.config as Record<string, string>,
    secrets: secretBox.openAll(row.secrets as unknown as Record<string, Sealed>),
  };
  return { id: row.id, name: row.name, manifest, values, pool: { min: row.poolMin, max: row.poolMax }, stopped: row.stopped };
}
