import { type SchemaIssue, validateWithSchema } from "./schema-validator.ts";

/** What the bench says about a tool result's structuredContent against the tool's outputSchema. */
export type OutputCheck =
  | { status: "no-schema" }
  | { status: "error-result" }
  | { status: "missing"; message: string }
  | { status: "valid" }
  | { status: "invalid"; issues: SchemaIssue[] }
  | { status: "bad-schema"; message: string };

/**
 * The spec: a tool with an outputSchema MUST return structuredContent conforming to it (error
 * results excepted); clients SHOULD validate it. We validate rather than trust, and show why.
 */
export function checkOutput(outputSchema: unknown, result: { structuredContent?: unknown; isError?: boolean }): OutputCheck {
  if (outputSchema === undefined) return { status: "no-schema" };
  if (result.isError) return { status: "error-result" };
  if (result.structuredContent === undefined) {
    return { status: "missing", message: "the tool declares an outputSchema but returned no structuredContent" };
  }
  const validation = validateWithSchema(outputSchema, result.structuredContent);
  if (validation.ok) return { status: "valid" };
  if ("badSchema" in validation) return { status: "bad-schema", message: `the tool's outputSchema does not compile: ${validation.badSchema}` };
  return { status: "invalid", issues: validation.issues };
}
