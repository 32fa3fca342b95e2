import { cosmeticChanges, type ChangeSite, type ContractChange } from "./change.ts";
import type { JsonSchema } from "./json-schema.ts";
import { diffRootSchemas } from "./schema-diff.ts";
import type { ContractTool } from "./snapshot.ts";
import { diffToolAnnotations } from "./tool-annotations-diff.ts";

export function diffTool(previous: ContractTool, next: ContractTool, site: ChangeSite): ContractChange[] {
  return [
    ...cosmeticChanges(previous, next, ["title", "description"], site),
    ...diffRootSchemas(previous.inputSchema, next.inputSchema, { ...site, path: `${site.path}.inputSchema`, direction: "input" }),
    ...diffOutputSchema(previous.outputSchema, next.outputSchema, site),
    ...diffToolAnnotations(previous.annotations ?? {}, next.annotations ?? {}, site),
  ];
}

/**
 * Output is checked the other way round from input (see kindOf): clients read it, so a wider
 * schema or a field that may now be missing breaks them, while a new field does not.
 */
function diffOutputSchema(previous: JsonSchema | undefined, next: JsonSchema | undefined, site: ChangeSite): ContractChange[] {
  const path = `${site.path}.outputSchema`;
  if (previous === undefined && next === undefined) return [];
  if (previous === undefined) return [{ kind: "compatible", path, message: `${site.subject} now declares an output schema` }];
  if (next === undefined) {
    return [{ kind: "breaking", path, message: `${site.subject} no longer declares an output schema (structured output may be gone)` }];
  }
  return diffRootSchemas(previous, next, { ...site, path, direction: "output" });
}
