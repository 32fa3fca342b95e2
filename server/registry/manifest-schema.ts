import { z } from "zod";
import { A2A_META_KEY } from "../../runner/a2a/meta-key.ts";

/**
 * server.json as the official MCP registry validates it at publish (schema 2025-12-11), plus the
 * limits a public registry needs. The runner reads a subset of it (runner/protocol/server-json.ts);
 * this is the whole document, checked once, at publish.
 */
export const SERVER_SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

/** Larger manifests are refused before they are parsed. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

const VERSION_RANGE = /^[\^~<>=*]|(^|\.)(x|X|\*)(\.|$)|\s-\s|\|\|/;

const short = (max: number, example: string) =>
  z
    .string({ error: `expected a string, e.g. ${example}` })
    .min(1, { error: `expected at least 1 character, e.g. ${example}` })
    .max(max, { error: `expected at most ${max} characters` });

const httpsUrl = z.url({ protocol: /^https$/, error: "expected an https:// URL" }).max(255, { error: "expected at most 255 characters" });
const anyUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).max(2048);

const input = z.object({
  description: z.string().max(1000).optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"]).optional(),
  value: z.string().max(4096).optional(),
  default: z.string().max(4096).optional(),
  placeholder: z.string().max(1000).optional(),
  choices: z.array(z.string().max(1000)).max(100).optional(),
});

const inputWithVariables = input.extend({ variables: z.record(z.string(), input).optional() });

const keyValueInput = inputWithVariables.extend({ name: short(255, "API_KEY") });

const environmentVariable = keyValueInput.extend({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name, e.g. API_TOKEN" }).max(255),
});

const positionalArgument = inputWithVariables
  .extend({ type: z.literal("positional"), valueHint: z.string().max(255).optional(), isRepeated: z.boolean().optional() })
  .refine((arg) => arg.value !== undefined || arg.valueHint !== undefined, { error: "a positional argument needs a value or a valueHint" });

const namedArgument = inputWithVariables.extend({
  type: z.literal("named"),
  name: short(255, "--port"),
  isRepeated: z.boolean().optional(),
});

const argument = z.discriminatedUnion("type", [positionalArgument, namedArgument], {
  error: 'expected an argument with type "positional" or "named"',
});

const urlTemplate = z
  .string()
  .max(2048)
  .regex(/^(https?:\/\/[^\s]+|\{[a-zA-Z_][a-zA-Z0-9_]*\}[^\s]*)$/, { error: "expected an http(s):// URL or one starting with a {variable}" });

const headers = z.array(keyValueInput).max(50).optional();

const localTransport = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("stdio") }),
    z.object({ type: z.literal("streamable-http"), url: urlTemplate, headers }),
    z.object({ type: z.literal("sse"), url: urlTemplate, headers }),
  ],
  { error: 'expected a transport with type "stdio", "streamable-http" or "sse"' },
);

const remoteTransport = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("streamable-http"), url: urlTemplate, headers, variables: z.record(z.string(), input).optional() }),
    z.object({ type: z.literal("sse"), url: urlTemplate, headers, variables: z.record(z.string(), input).optional() }),
  ],
  { error: 'expected a remote with type "streamable-http" or "sse"' },
);

const exactVersion = z
  .string()
  .min(1)
  .max(255, { error: "expected at most 255 characters" })
  .refine((version) => version !== "latest", { error: 'expected a specific version, not "latest"' })
  .refine((version) => !VERSION_RANGE.test(version), { error: "expected a specific version such as 1.0.2, not a range" });

const serverPackage = z.object({
  registryType: short(50, "npm"),
  registryBaseUrl: anyUrl.optional(),
  identifier: short(500, "@acme/weather-mcp"),
  version: exactVersion.optional(),
  fileSha256: z.string().regex(/^[a-f0-9]{64}$/, { error: "expected 64 lowercase hex digits (SHA-256)" }).optional(),
  runtimeHint: z.string().max(100).optional(),
  transport: localTransport,
  runtimeArguments: z.array(argument).max(100).optional(),
  packageArguments: z.array(argument).max(100).optional(),
  environmentVariables: z.array(environmentVariable).max(100).optional(),
});

const icon = z.object({
  src: httpsUrl,
  mimeType: z.enum(["image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp"]).optional(),
  sizes: z.array(z.string().regex(/^(\d+x\d+|any)$/, { error: 'expected WxH such as 48x48, or "any"' })).max(20).optional(),
  theme: z.enum(["light", "dark"]).optional(),
});

export const manifestSchema = z
  .object({
    $schema: z.string().max(255).optional(),
    name: z
      .string({ error: "expected a name such as io.github.acme/weather" })
      .min(3, { error: "expected at least 3 characters" })
      .max(200, { error: "expected at most 200 characters" })
      .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, { error: "expected reverse-DNS namespace/name, e.g. io.github.acme/weather" }),
    description: short(100, '"Weather forecasts for any city"'),
    title: short(100, "Weather").optional(),
    version: exactVersion,
    websiteUrl: anyUrl.optional(),
    repository: z
      .object({ url: anyUrl, source: short(50, "github"), id: z.string().max(255).optional(), subfolder: z.string().max(500).optional() })
      .optional(),
    icons: z.array(icon).max(20).optional(),
    packages: z.array(serverPackage).max(20).optional(),
    remotes: z.array(remoteTransport).max(20).optional(),
    _meta: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((manifest) => (manifest.packages?.length ?? 0) + (manifest.remotes?.length ?? 0) > 0 || manifest._meta?.[A2A_META_KEY] !== undefined, {
    error: `expected at least one entry in packages or remotes (or a remote A2A agent in _meta["${A2A_META_KEY}"]): how else would anyone run it?`,
    path: ["packages"],
  });

export type Manifest = z.infer<typeof manifestSchema>;

export interface ManifestError {
  /** JSON path into the document, e.g. `$.packages[0].transport.type`. */
  path: string;
  message: string;
}

export type ManifestCheck = { ok: true; manifest: Manifest } | { ok: false; errors: ManifestError[] };

/** Every problem with a server.json, each with its JSON path, or the parsed manifest. */
export function checkManifest(document: unknown): ManifestCheck {
  const text = JSON.stringify(document ?? null);
  if (text.length > MAX_MANIFEST_BYTES) {
    return { ok: false, errors: [{ path: "$", message: `the manifest is ${text.length} bytes; at most ${MAX_MANIFEST_BYTES} are accepted` }] };
  }
  // PostgreSQL's JSONB cannot hold NUL characters, and no honest manifest has one.
  if (text.includes("\\u0000")) return { ok: false, errors: [{ path: "$", message: "the manifest contains a NUL character (\\u0000)" }] };
  const parsed = manifestSchema.safeParse(document);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })) };
}

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, "$");
}

/** The transports a manifest offers, for filtering: stdio, streamable-http, sse. */
export function transportsOf(manifest: Manifest): string[] {
  const types = [...(manifest.packages ?? []).map((p) => p.transport.type), ...(manifest.remotes ?? []).map((r) => r.type)];
  return [...new Set(types)].sort();
}
