import { compositionSpecSchema } from "../../runner/gateway/compose/composition-spec.ts";
import type { ResolvedDeployment, ServedDeployment } from "../../runner/gateway/gateway.ts";
import { serverJsonSchema } from "../../runner/protocol/server-json.ts";
import type { SecretBox, Sealed } from "../crypto/secret-box.ts";
import type { Db } from "../db/database.ts";

const select = {
  id: true,
  name: true,
  config: true,
  secrets: true,
  poolMin: true,
  poolMax: true,
  stopped: true,
  composition: true,
  componentVersion: { select: { manifest: true } },
} as const;

/**
 * A tenant's deployment by name, with what a node needs to run it: the manifest of its component
 * version, its plain config and its secrets (opened here, never logged). A composite comes with
 * its composition and each member resolved the same way, in the same tenant only: a key can
 * never reach another tenant's deployment through a composite.
 */
export async function resolveDeployment(options: { db: Db; secretBox: SecretBox; tenantId: string; name: string }): Promise<ResolvedDeployment | null> {
  const { db, secretBox, tenantId, name } = options;
  const row = await db.deployment.findUnique({ where: { tenantId_name: { tenantId, name } }, select });
  if (!row) return null;
  if (row.composition === null) return served(row, secretBox);
  const composition = compositionSpecSchema.parse(row.composition);
  const names = [...new Set(composition.members.map((member) => member.deployment))];
  const rows = await db.deployment.findMany({ where: { tenantId, name: { in: names } }, select });
  // A member that is itself a composite is refused when the composite is saved; should one appear, it counts as missing.
  const byName = new Map(rows.filter((member) => member.composition === null).map((member) => [member.name, served(member, secretBox)]));
  return {
    id: row.id,
    name: row.name,
    stopped: row.stopped,
    composition,
    members: composition.members.map((member) => byName.get(member.deployment) ?? null),
  };
}

type Row = {
  id: string;
  name: string;
  config: unknown;
  secrets: unknown;
  poolMin: number;
  poolMax: number;
  stopped: boolean;
  componentVersion: { manifest: unknown } | null;
};

function served(row: Row, secretBox: SecretBox): ServedDeployment {
  if (!row.componentVersion) throw new Error(`deployment ${row.name} has neither a component version nor a composition`);
  const manifest = serverJsonSchema.parse(row.componentVersion.manifest);
  const values = {
    config: row.config as Record<string, string>,
    secrets: secretBox.openAll(row.secrets as unknown as Record<string, Sealed>),
  };
  return { id: row.id, name: row.name, manifest, values, pool: { min: row.poolMin, max: row.poolMax }, stopped: row.stopped };
}
