import { createHash } from "node:crypto";
import { z } from "zod";
import type { ServerPackage } from "../server-json.ts";
import { sortKeysDeep, canonicalJson } from "./canonical-json.ts";
import { sortSchemaSets } from "./json-schema.ts";

const jsonSchema = z.record(z.string(), z.unknown());

const toolAnnotations = z.object({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});

const tool = z.object({
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: jsonSchema,
  outputSchema: jsonSchema.optional(),
  annotations: toolAnnotations.optional(),
});

const resource = z.object({
  uri: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
});

const resourceTemplate = z.object({
  uriTemplate: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
});

const promptArgument = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  required: z.boolean().optional(),
});

const prompt = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  // Optional in MCP: a prompt without arguments may leave the list out.
  arguments: z.array(promptArgument).default([]),
});

/** An environment variable a deployment must supply, from the manifest rather than from the probe. */
const requiredVariable = z.object({
  name: z.string().min(1),
  isSecret: z.boolean(),
});

/** A component version's contract as recorded at publish; parse it again when reading it back from storage. */
export const contractSnapshotSchema = z.object({
  tools: z.array(tool),
  resources: z.array(resource),
  resourceTemplates: z.array(resourceTemplate),
  prompts: z.array(prompt),
  requiredEnvironment: z.array(requiredVariable),
});

export type ContractSnapshot = z.infer<typeof contractSnapshotSchema>;
export type ContractTool = ContractSnapshot["tools"][number];
export type ToolAnnotations = NonNullable<ContractTool["annotations"]>;
export type ContractResource = ContractSnapshot["resources"][number];
export type ContractResourceTemplate = ContractSnapshot["resourceTemplates"][number];
export type ContractPrompt = ContractSnapshot["prompts"][number];
export type RequiredVariable = ContractSnapshot["requiredEnvironment"][number];

/**
 * The variables a deployment must be given. One with a default is left out: a deployment that
 * does not set it still starts, so adding it breaks nobody.
 */
export function requiredEnvironmentOf(serverPackage: ServerPackage): RequiredVariable[] {
  return (serverPackage.environmentVariables ?? [])
    .filter((variable) => variable.isRequired === true && variable.default === undefined)
    .map((variable) => ({ name: variable.name, isSecret: variable.isSecret ?? false }));
}

/** The same contract always normalizes to the same value: lists sorted by name or URI, keys sorted, undefined dropped. */
export function normalizeSnapshot(snapshot: ContractSnapshot): ContractSnapshot {
  const sorted: ContractSnapshot = {
    tools: sortedBy(snapshot.tools, (entry) => entry.name).map((entry) => ({
      ...entry,
      inputSchema: sortSchemaSets(entry.inputSchema),
      outputSchema: entry.outputSchema && sortSchemaSets(entry.outputSchema),
    })),
    resources: sortedBy(snapshot.resources, (entry) => entry.uri),
    resourceTemplates: sortedBy(snapshot.resourceTemplates, (entry) => entry.uriTemplate),
    prompts: sortedBy(snapshot.prompts, (entry) => entry.name).map((entry) => ({
      ...entry,
      arguments: sortedBy(entry.arguments, (argument) => argument.name),
    })),
    requiredEnvironment: sortedBy(snapshot.requiredEnvironment, (variable) => variable.name),
  };
  return sortKeysDeep(sorted) as ContractSnapshot;
}

/** SHA-256 (hex) of the snapshot's canonical JSON: equal contracts hash equal whatever their order. */
export function hashSnapshot(snapshot: ContractSnapshot): string {
  return createHash("sha256").update(canonicalJson(normalizeSnapshot(snapshot))).digest("hex");
}

function sortedBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  // Code-point order rather than localeCompare, so the hash does not depend on the host's locale.
  return [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
