import { processSpecFromManifest } from "../../runner/agent/process-spec.ts";
import type { ResolvedDeployment } from "../../runner/gateway/gateway.ts";
import { serverJsonSchema } from "../../runner/protocol/server-json.ts";
import type { SecretBox, Sealed } from "../crypto/secret-box.ts";
import type { Db } from "../db/database.ts";

/**
 * A tenant's deployment by name, turned into what the gateway needs to start it: the manifest of
 * its component version, its plain config and its secrets (opened here, never logged).
 */
export async function resolveDeployment(options: {
  db: Db;
  secretBox: SecretBox;
  tenantId: string;
  name: string;
  componentRoot: string;
}): Promise<ResolvedDeployment | null> {
  const { db, secretBox, tenantId, name, componentRoot } = options;
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
  const spec = processSpecFromManifest(
    manifest,
    {
      config: row.config as Record<string, string>,
      secrets: secretBox.openAll(row.secrets as unknown as Record<string, Sealed>),
    },
    componentRoot,
  );
  return { id: row.id, name: row.name, spec, pool: { min: row.poolMin, max: row.poolMax }, stopped: row.stopped };
}
