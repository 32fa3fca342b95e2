import type { Sealed } from "../crypto/secret-box.ts";
import type { Runtime } from "../runtime-registry.ts";
import { AppError } from "../errors.ts";
import { privateTargetReason } from "../net/public-address.ts";

export const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A model endpoint as it is shown: never its key, only whether it has one. */
export interface ModelEndpointView {
  name: string;
  baseUrl: string;
  hasKey: boolean;
  updatedAt: string;
}

/**
 * Saves (or replaces) an OpenAI-compatible endpoint of the tenant: its base URL, and its API key
 * sealed with the installation's secret key. The key is never returned, logged or put in an agent
 * definition; agents name the endpoint. In saas mode an endpoint on a private address is refused.
 */
export async function saveModelEndpoint(runtime: Runtime, options: { tenantId: string; actor: string; name: string; baseUrl: string; apiKey?: string | undefined }): Promise<ModelEndpointView> {
  const { tenantId, name } = options;
  if (!ENDPOINT_NAME.test(name)) throw fieldError("name", "expected 1-63 letters, digits, '.', '-' or '_', e.g. my-openai");
  const url = await checkBaseUrl(runtime, options.baseUrl);
  const db = runtime.database.prisma;
  const sealedKey = options.apiKey ? (runtime.secretBox.seal(options.apiKey) as object) : undefined;
  const row = await db.$transaction(async (tx) => {
    const saved = await tx.modelEndpoint.upsert({
      where: { tenantId_name: { tenantId, name } },
      create: { tenantId, name, baseUrl: url, ...(sealedKey ? { sealedKey } : {}) },
      // A new key replaces the old; no key given keeps the one stored.
      update: { baseUrl: url, ...(sealedKey ? { sealedKey } : {}) },
    });
    await tx.auditEvent.create({ data: { tenantId, actor: options.actor, action: "model-endpoint.save", target: `model-endpoint:${name}`, data: { baseUrl: url, keyChanged: sealedKey !== undefined } } });
    return saved;
  });
  return view(row);
}

export async function listModelEndpoints(runtime: Runtime, tenantId: string): Promise<ModelEndpointView[]> {
  const rows = await runtime.database.prisma.modelEndpoint.findMany({ where: { tenantId }, orderBy: { name: "asc" } });
  return rows.map(view);
}

/** The endpoint with its key opened, for the model provider only. */
export async function openModelEndpoint(runtime: Runtime, tenantId: string, name: string): Promise<{ baseUrl: string; apiKey: string | undefined }> {
  const row = await runtime.database.prisma.modelEndpoint.findUnique({ where: { tenantId_name: { tenantId, name } } });
  if (!row) throw new Error(`your tenant has no model endpoint "${name}"`);
  // Checked again at use: the name may resolve elsewhere now (DNS rebinding).
  await checkBaseUrl(runtime, row.baseUrl);
  let apiKey: string | undefined;
  try {
    apiKey = row.sealedKey ? runtime.secretBox.open(row.sealedKey as unknown as Sealed) : undefined;
  } catch {
    throw new Error(`the API key of model endpoint "${name}" cannot be opened with this installation's secret key; save the endpoint's key again`);
  }
  return { baseUrl: row.baseUrl, apiKey };
}

async function checkBaseUrl(runtime: Runtime, text: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fieldError("baseUrl", "expected the endpoint's base URL, e.g. https://api.openai.com/v1");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fieldError("baseUrl", "expected an http or https URL");
  if (url.username || url.password) throw fieldError("baseUrl", "put the API key in apiKey, not in the URL");
  if (runtime.config.mode === "saas") {
    const reason = await privateTargetReason(url);
    if (reason) throw fieldError("baseUrl", reason);
  }
  return url.toString().replace(/\/+$/, "");
}

function view(row: { name: string; baseUrl: string; sealedKey: unknown; updatedAt: Date }): ModelEndpointView {
  return { name: row.name, baseUrl: row.baseUrl, hasKey: row.sealedKey !== null && row.sealedKey !== undefined, updatedAt: row.updatedAt.toISOString() };
}

function fieldError(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", `${field}: ${message}`, { details: { fieldErrors: { [field]: message } } });
}
