/**
 * The product's agent path on real services: the gateway harness (database, engine, a node agent
 * running stdio servers, a gateway on a loopback port, two tenants), the customer-service case's
 * server published into the catalog through the normal publish path (probed by the node agent)
 * and deployed for tenant A, and a server Runtime whose gateway is the harness's — what the tRPC
 * router, the HTTP route and the services take.
 */
import { randomBytes } from "node:crypto";
import { CUSTOMER_SERVICE_DEPLOYMENT, customerServiceAgent } from "../../../cases/customer-service/agent.ts";
import { customerServiceManifest } from "../../../cases/customer-service/manifest.ts";
import { defineAgent } from "../../../server/agents/agents-service.ts";
import { localTestConfig } from "../../../server/config/test-config.ts";
import { SecretBox } from "../../../server/crypto/secret-box.ts";
import { createLogger } from "../../../server/log/logger.ts";
import { publishVersion } from "../../../server/registry/publish.ts";
import type { Runtime } from "../../../server/runtime-registry.ts";
import { CATALOG_TENANT_SLUG } from "../../../server/seed/seed-demo.ts";
import { type GatewayHarness, REPO_ROOT, startGatewayHarness } from "../../gateway/test/harness.ts";

export interface AgentsHarness {
  gateway: GatewayHarness;
  /** A local-mode runtime for tenant A, its gateway the harness's. */
  runtime: Runtime;
  tenantId: string;
  /** A key of tenant A with the "*" scope (for the HTTP API). */
  apiKey: string;
  close(): Promise<void>;
}

export async function startAgentsHarness(): Promise<AgentsHarness> {
  const gateway = await startGatewayHarness();
  try {
    const db = gateway.db;
    const catalog = await db.tenant.create({ data: { slug: `${CATALOG_TENANT_SLUG}-${randomBytes(3).toString("hex")}`, name: "Catalog" } });
    const manifest = customerServiceManifest(REPO_ROOT);
    await publishVersion({ db, prober: gateway.agent, mode: "local" }, { tenantId: catalog.id, actor: "system", document: manifest, verified: true });
    const version = await db.componentVersion.findFirstOrThrow({ where: { component: { name: manifest.name } }, select: { id: true } });
    await db.deployment.create({ data: { tenantId: gateway.tenantA.id, name: CUSTOMER_SERVICE_DEPLOYMENT, componentVersionId: version.id } });
    const runtime: Runtime = {
      config: localTestConfig(),
      log: createLogger("silent"),
      database: gateway.database,
      engine: gateway.engine,
      secretBox: new SecretBox(randomBytes(32)),
      sessionToken: "test-session-token",
      agentToken: "test-agent-token-test-agent-token-0000",
      localTenantId: gateway.tenantA.id,
      projectRoot: REPO_ROOT,
      urls: { web: "http://127.0.0.1:3000", gateway: gateway.url, agent: "http://127.0.0.1:0" },
    };
    await defineAgent({ db, tenantId: gateway.tenantA.id, actor: "test", definition: customerServiceAgent });
    return { gateway, runtime, tenantId: gateway.tenantA.id, apiKey: gateway.tenantA.key, close: () => gateway.close() };
  } catch (error) {
    await gateway.close();
    throw error;
  }
}
