import { z } from "zod";
import { createDeployment } from "../deployments/create-deployment.ts";
import { deleteDeployment, listDeployments } from "../deployments/tenant-deployments.ts";
import { createKey, listKeys, revokeKey } from "../keys/keys-service.ts";
import { fleetProber } from "../registry/fleet-prober.ts";
import { getComponent, listComponents } from "../registry/marketplace-read.ts";
import { publishVersion } from "../registry/publish.ts";
import { createDeploymentInput } from "../trpc/routers/deployments.ts";
import { createKeyInput } from "../trpc/routers/keys.ts";
import { jsonBody, keyRoute } from "./json-route.ts";

/**
 * The management API behind the SDK and the CLI (`switchyard publish`), authenticated with a
 * tenant API key that has the "*" scope. Mounted by thin route files in app/.
 */
type Params<T> = { params: Promise<T> };

const publishEnvelope = z.object({
  server: z.record(z.string(), z.unknown()),
  probeEnvironment: z.record(z.string().max(255), z.string().max(4096)).optional(),
  force: z.boolean().optional(),
});

/** POST /v0.1/publish: the body is a server.json, or `{ server, probeEnvironment?, force? }`. */
export const publishRoute = keyRoute(async ({ runtime, caller, request }) => {
  const body = await jsonBody(request);
  const envelope: { server: unknown; probeEnvironment?: Record<string, string>; force?: boolean } =
    typeof body === "object" && body !== null && "server" in body ? publishEnvelope.parse(body) : { server: body };
  const force = envelope.force ?? new URL(request.url).searchParams.get("force") === "true";
  return publishVersion(
    { db: runtime.database.prisma, prober: fleetProber(runtime), mode: runtime.config.mode },
    { tenantId: caller.tenantId, actor: caller.actor, document: envelope.server, probeEnvironment: envelope.probeEnvironment, force },
  );
}, 201);

const componentQuery = z.object({
  search: z.string().max(100).optional(),
  transport: z.enum(["stdio", "streamable-http", "sse"]).optional(),
  category: z.string().max(40).optional(),
  verified: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const listComponentsRoute = keyRoute(async ({ runtime, request }) =>
  listComponents(runtime.database.prisma, componentQuery.parse(Object.fromEntries(new URL(request.url).searchParams))),
);

export function getComponentRoute(request: Request, { params }: Params<{ name: string[] }>): Promise<Response> {
  return keyRoute(async ({ runtime, caller }) => getComponent(runtime.database.prisma, (await params).name.map(decodeURIComponent).join("/"), caller.tenantId, runtime.urls.gateway))(request);
}

export const listDeploymentsRoute = keyRoute(({ runtime, caller }) => listDeployments(runtime, caller.tenantId));

export const createDeploymentRoute = keyRoute(
  async ({ runtime, caller, request }) => createDeployment(runtime, { tenantId: caller.tenantId, actor: caller.actor, ...createDeploymentInput.parse(await jsonBody(request)) }),
  201,
);

export function deleteDeploymentRoute(request: Request, { params }: Params<{ name: string }>): Promise<Response> {
  return keyRoute(async ({ runtime, caller }) => deleteDeployment(runtime, caller.tenantId, caller.actor, (await params).name))(request);
}

export const listKeysRoute = keyRoute(({ runtime, caller }) => listKeys({ db: runtime.database.prisma, engine: runtime.engine, tenantId: caller.tenantId }));

export const createKeyRoute = keyRoute(
  async ({ runtime, caller, request }) => createKey({ db: runtime.database.prisma, tenantId: caller.tenantId, actor: caller.actor, ...createKeyInput.parse(await jsonBody(request)) }),
  201,
);

export function revokeKeyRoute(request: Request, { params }: Params<{ id: string }>): Promise<Response> {
  return keyRoute(async ({ runtime, caller }) => {
    const keyId = z.uuid({ error: "expected the id of one of your keys (a UUID)" }).parse((await params).id);
    return revokeKey({ db: runtime.database.prisma, engine: runtime.engine, tenantId: caller.tenantId, keyId, actor: caller.actor });
  })(request);
}
