import { z } from "zod";

/**
 * The MCP registry's v0.1 read responses, as zod schemas: what `/v0.1/servers` and friends must
 * return so existing registry clients can read us. Taken from modelcontextprotocol/registry:
 * docs/reference/api/openapi.yaml (components.schemas ServerList, ServerResponse, ServerDetail;
 * the 404 `{ error }` bodies), docs/reference/api/generic-registry-api.md (cursor pagination,
 * `latest`) and docs/reference/api/official-registry-api.md (`search`, `updated_since`,
 * `version`). Field names are camelCase there (`nextCursor`, `publishedAt`, `isLatest`).
 */
export const OFFICIAL_META_KEY = "io.modelcontextprotocol.registry/official";

/** ServerDetail: the server.json as published; only what the spec requires is checked strictly. */
export const serverDetailSchema = z.looseObject({
  name: z.string().min(3).max(200).regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
  description: z.string().min(1).max(100),
  version: z.string().max(255),
  title: z.string().min(1).max(100).optional(),
  $schema: z.string().optional(),
  websiteUrl: z.url().optional(),
  repository: z.looseObject({ url: z.url(), source: z.string() }).optional(),
  packages: z.array(z.looseObject({ registryType: z.string(), identifier: z.string(), transport: z.looseObject({ type: z.string() }) })).optional(),
  remotes: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

const dateTime = z.iso.datetime({ offset: true });

/** Stricter than the spec, which leaves every field optional: we always send all but the status notes. */
export const officialMetaSchema = z.strictObject({
  status: z.enum(["active", "deprecated", "deleted"]),
  statusMessage: z.string().max(500).optional(),
  statusChangedAt: dateTime.optional(),
  publishedAt: dateTime,
  updatedAt: dateTime,
  isLatest: z.boolean(),
});

export const serverResponseSchema = z.object({
  server: serverDetailSchema,
  _meta: z.looseObject({ [OFFICIAL_META_KEY]: officialMetaSchema }),
});

export const serverListSchema = z.object({
  servers: z.array(serverResponseSchema),
  metadata: z.object({ nextCursor: z.string().min(1).optional(), count: z.number().int().min(0) }),
});

export const errorBodySchema = z.object({ error: z.string().min(1) });

export type ServerDetail = z.infer<typeof serverDetailSchema>;
export type OfficialMeta = z.infer<typeof officialMetaSchema>;
export type ServerResponse = z.infer<typeof serverResponseSchema>;
export type ServerList = z.infer<typeof serverListSchema>;
