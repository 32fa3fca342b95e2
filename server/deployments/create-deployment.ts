import { isA2aManifest } from "../../runner/a2a/meta-key.ts";
import { AgentClient } from "../fleet/agent-client.ts";
import { liveNodes } from "../fleet/fleet-service.ts";
import { AppError } from "../errors.ts";
import { manifestSchema } from "../registry/manifest-schema.ts";
import { environmentOf } from "../registry/marketplace-read.ts";
import type { Runtime } from "../runtime-registry.ts";
import { resolveDeployment } from "./resolve-deployment.ts";
import { endpointsOf } from "./tenant-deployments.ts";

export const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export interface CreateDeploymentRequest {
  tenantId: string;
  actor: string;
  name: string;
  component: string;
  /** The newest version when unset. */
  version?: string;
  /** Values for the package's environment variables; secret ones are sealed and never returned. */
  values: Record<string, string>;
}

export interface CreatedDeployment {
  name: string;
  component: string;
  version: string;
  endpoints: { mcp: string; sse: string; ws: string };
}

/**
 * Deploys a published component version for the tenant: checks the values against the variables
 * its manifest declares, seals the secret ones, and starts it on the live nodes. A deployment
 * that cannot start is removed again and the reason returned, so nothing broken is left behind.
 */
export async function createDeployment(runtime: Runtime, request: CreateDeploymentRequest): Promise<CreatedDeployment> {
  const db = runtime.database.prisma;
  const { tenantId, name } = request;
  if (!DEPLOYMENT_NAME.test(name)) throw fieldError("name", "expected 1-63 letters, digits, '-' or '_', starting with a letter or digit, e.g. weather-prod");
  const version = await db.componentVersion.findFirst({
    where: { component: { name: request.component }, ...(request.version ? { version: request.version } : {}) },
    orderBy: { publishedAt: "desc" },
    select: { id: true, version: true, manifest: true },
  });
  if (!version) throw new AppError("NOT_FOUND", `no published component ${request.component}${request.version ? ` version ${request.version}` : ""}`);
  const manifest = manifestSchema.parse(version.manifest);
  // A remote A2A agent runs nowhere here: the gateway calls it (runner/a2a), so no node deploys it.
  const remoteAgent = isA2aManifest(manifest);
  if (!remoteAgent && !manifest.packages?.some((p) => p.registryType === "npm" && p.transport.type === "stdio")) {
    throw new AppError("BAD_REQUEST", `${request.component} is listed by its remote URL only; connect to it directly instead of deploying it`);
  }
  const { config, secrets } = splitValues(environmentOf(manifest), request.values, request.component);
  if (await db.deployment.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { id: true } })) {
    throw fieldError("name", `you already have a deployment named "${name}"; pick another name`, "CONFLICT");
  }
  await db.$transaction(async (tx) => {
    await tx.deployment.create({ data: { tenantId, name, componentVersionId: version.id, config, secrets: runtime.secretBox.sealAll(secrets) as object } });
    await tx.auditEvent.create({
      data: { tenantId, actor: request.actor, action: "deployment.create", target: `deployment:${name}`, data: { component: request.component, version: version.version, secrets: Object.keys(secrets) } },
    });
  });
  try {
    const deployment = await resolveDeployment({ db, secretBox: runtime.secretBox, tenantId, name });
    const nodes = remoteAgent ? [] : await liveNodes(runtime);
    await Promise.all(nodes.map((node) => new AgentClient(node.address, runtime.agentToken).deploy(deployment!)));
  } catch (error) {
    await db.deployment.delete({ where: { tenantId_name: { tenantId, name } } });
    throw new AppError("BAD_REQUEST", `${request.component} ${version.version} did not start with these values: ${(error as Error).message}`);
  }
  return { name, component: request.component, version: version.version, endpoints: endpointsOf(runtime, name) };
}

type Variable = ReturnType<typeof environmentOf>[number];

/** Plain values and secrets apart, every problem named by its field. */
function splitValues(variables: Variable[], values: Record<string, string>, component: string) {
  const fieldErrors: Record<string, string> = {};
  const known = new Map(variables.map((variable) => [variable.name, variable]));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) {
      const expected = variables.length > 0 ? `expected one of ${variables.map((v) => v.name).join(", ")}` : "it declares none";
      fieldErrors[`values.${name}`] = `${component} has no environment variable ${name}; ${expected}`;
    }
  }
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const variable of variables) {
    const value = values[variable.name];
    if (value === undefined || value === "") {
      if (variable.isRequired && variable.default === undefined) fieldErrors[`values.${variable.name}`] = `${variable.name} is required${variable.description ? `: ${variable.description}` : ""}`;
      continue;
    }
    if (variable.choices && variable.choices.length > 0 && !variable.choices.includes(value)) {
      fieldErrors[`values.${variable.name}`] = `expected one of ${variable.choices.join(", ")}`;
      continue;
    }
    (variable.isSecret ? secrets : config)[variable.name] = value;
  }
  const [first] = Object.entries(fieldErrors);
  if (first) throw new AppError("BAD_REQUEST", `${first[0]}: ${first[1]}`, { details: { fieldErrors } });
  return { config, secrets };
}

function fieldError(field: string, message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST"): AppError {
  return new AppError(code, `${field}: ${message}`, { details: { fieldErrors: { [field]: message } } });
}
