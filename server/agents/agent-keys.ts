import type { Sealed } from "../crypto/secret-box.ts";
import { AppError } from "../errors.ts";
import { createKey, revokeKey } from "../keys/keys-service.ts";
import type { Runtime } from "../runtime-registry.ts";

/**
 * The API key an agent calls its tools with through the gateway: one per agent, scoped to exactly
 * the deployments its definition names (never "*"), kept sealed so the runtime can present it, and
 * listed with the tenant's other keys (name `agent:<id>`), so the gateway's rate limits, quotas,
 * usage figures and revocation apply to the agent like to any client. A definition that needs
 * other deployments gets a new key and the old one is revoked on every gateway.
 */
export async function agentGatewayKey(runtime: Runtime, options: { tenantId: string; agentId: string; deployments: readonly string[] }): Promise<string> {
  const db = runtime.database.prisma;
  const { tenantId, agentId } = options;
  const agent = await db.agent.findUnique({ where: { tenantId_slug: { tenantId, slug: agentId } }, select: { id: true, keyId: true, sealedKey: true } });
  if (!agent) throw new AppError("NOT_FOUND", `your tenant has no agent "${agentId}"`);
  if (agent.keyId && agent.sealedKey) {
    const key = await db.apiKey.findUnique({ where: { id: agent.keyId }, select: { tenantId: true, scopes: true, revokedAt: true } });
    if (key && key.tenantId === tenantId && !key.revokedAt && options.deployments.every((name) => key.scopes.includes(name))) {
      try {
        return runtime.secretBox.open(agent.sealedKey as unknown as Sealed);
      } catch {
        // Sealed under another secret key: make a new one below.
      }
    }
  }
  const actor = `agent:${agentId}`;
  const created = await createKey({ db, tenantId, name: actor, scopes: [...options.deployments], actor });
  // Only if no other run replaced the key meanwhile; otherwise that run's key is the agent's.
  const { count } = await db.agent.updateMany({ where: { id: agent.id, keyId: agent.keyId }, data: { keyId: created.view.id, sealedKey: runtime.secretBox.seal(created.key) as object } });
  const superseded = count === 1 ? agent.keyId : created.view.id;
  if (superseded) await revokeKey({ db, engine: runtime.engine, tenantId, keyId: superseded, actor }).catch(() => {});
  if (count === 1) return created.key;
  return agentGatewayKey(runtime, options);
}
