import { z } from "zod";

/**
 * The parts of the MCP registry's server.json (schema 2025-12-11) that launching a component
 * needs. The registry validates the full document; this is what the runner relies on.
 */
const argument = z.object({
  type: z.enum(["positional", "named"]),
  name: z.string().optional(),
  value: z.string().optional(),
  valueHint: z.string().optional(),
  default: z.string().optional(),
  isRequired: z.boolean().optional(),
});

const environmentVariable = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name, e.g. API_TOKEN" }),
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

export const packageSchema = z.object({
  registryType: z.string(),
  identifier: z.string(),
  version: z.string().optional(),
  runtimeHint: z.string().optional(),
  transport: z.object({ type: z.string() }),
  runtimeArguments: z.array(argument).optional(),
  packageArguments: z.array(argument).optional(),
  environmentVariables: z.array(environmentVariable).optional(),
});

export const serverJsonSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, { error: "expected reverse-DNS namespace/name, e.g. io.github.acme/weather" }),
  description: z.string(),
  title: z.string().optional(),
  version: z.string(),
  websiteUrl: z.string().optional(),
  repository: z.object({ url: z.string(), source: z.string() }).optional(),
  packages: z.array(packageSchema).optional(),
  remotes: z.array(z.object({ type: z.string(), url: z.string() })).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

export type ServerJson = z.infer<typeof serverJsonSchema>;

/** Switchyard's own hints in a manifest's `_meta`: how much to trust it, whether it needs the network. */
export const RUNTIME_META_KEY = "io.switchyard/runtime";

const runtimeHints = z.object({
  trust: z.enum(["trusted", "untrusted"]).default("untrusted"),
  network: z.boolean().default(false),
  /** Safe for several sessions at once on one process (no per-session state in the server). */
  shareable: z.boolean().default(false),
  /** Requests one process may have in flight; more are refused with a "busy" error. */
  maxConcurrency: z.number().int().min(1).max(10_000).default(64),
  maxSessionsPerProcess: z.number().int().min(1).max(10_000).default(32),
  /** A call with no answer and no progress for this long fails (progress restarts the clock). */
  callTimeoutSeconds: z.number().int().min(1).max(86_400).default(300),
});

export type RuntimeHints = z.infer<typeof runtimeHints>;

/** Components are untrusted and offline unless their manifest says otherwise. */
export function runtimeHintsOf(manifest: ServerJson): RuntimeHints {
  return runtimeHints.parse(manifest._meta?.[RUNTIME_META_KEY] ?? {});
}
export type ServerPackage = z.infer<typeof packageSchema>;
