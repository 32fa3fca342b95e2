import { z } from "zod";

/**
 * A collection: saved JSON-RPC requests, each with assertions, run headless by `switchyard check`
 * and from the bench's Collections panel. Version 1 of the format:
 *
 * { "version": 1, "name": "...", "cases": [
 *   { "name": "echo", "request": { "method": "tools/call", "params": { ... } },
 *     "assert": [ { "status": "result" }, { "path": "$.content[0].text", "equals": "Echo: hi" },
 *                 { "path": "$.content[0].text", "matches": "^Echo" }, { "schemaValid": "outputSchema" },
 *                 { "latencyMs": 2000 } ] } ] }
 */
const statusAssertion = z.strictObject({
  status: z.enum(["result", "error"]),
  /** With status "error": the JSON-RPC error code the server must answer with. */
  code: z.number().int().optional(),
});

const pathEquals = z.strictObject({ path: z.string().startsWith("$", { message: 'a JSON path starts with "$", e.g. "$.content[0].text"' }), equals: z.unknown() });

const pathMatches = z.strictObject({
  path: z.string().startsWith("$", { message: 'a JSON path starts with "$", e.g. "$.content[0].text"' }),
  matches: z.string().refine(isRegex, { message: "is not a valid regular expression" }),
});

const schemaValid = z.strictObject({
  /** "outputSchema": structuredContent against the called tool's outputSchema; an object: the result against that JSON Schema. */
  schemaValid: z.union([z.literal("outputSchema"), z.record(z.string(), z.unknown())]),
});

const latency = z.strictObject({ latencyMs: z.number().positive() });

export const assertionSchema = z.union([statusAssertion, pathEquals, pathMatches, schemaValid, latency], {
  error: () =>
    'an assertion is one of {"status":"result"|"error","code"?}, {"path","equals"}, {"path","matches"}, {"schemaValid":"outputSchema"|{schema}}, {"latencyMs"}',
});

export const collectionCaseSchema = z.strictObject({
  name: z.string().min(1),
  request: z.strictObject({
    method: z.string().min(1),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
  assert: z.array(assertionSchema).default([]),
});

export const collectionSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().min(1),
  cases: z.array(collectionCaseSchema).min(1, { message: "a collection needs at least one case" }),
});

export type Assertion = z.infer<typeof assertionSchema>;
export type CollectionCase = z.infer<typeof collectionCaseSchema>;
export type Collection = z.infer<typeof collectionSchema>;

export type ParsedCollection = { ok: true; collection: Collection } | { ok: false; problems: string[] };

/** Validates a collection; each problem names its field (e.g. `cases[1].assert[0].path`) and what is wrong. */
export function parseCollection(input: unknown): ParsedCollection {
  const parsed = collectionSchema.safeParse(input);
  if (parsed.success) return { ok: true, collection: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`) };
}

function fieldName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const part of path) name += typeof part === "number" ? `[${part}]` : name ? `.${String(part)}` : String(part);
  return name || "(collection)";
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
