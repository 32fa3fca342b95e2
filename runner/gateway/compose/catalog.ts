import { type CompositionMember, finalToolName } from "./composition-spec.ts";
import { selectionOf } from "./tool-names.ts";

/** A tool as a server lists it; only the fields the composite changes are typed, the rest is kept. */
export interface McpTool {
  name: string;
  description?: string;
  inputSchema?: { type?: string; properties?: Record<string, unknown>; required?: unknown[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** One tool the composite offers, and where a call to it goes. */
export interface ExposedTool {
  /** The name clients see and call. */
  name: string;
  /** Index of the member whose server has the tool. */
  member: number;
  originalName: string;
  /** Injected into every call; absent when the tool has none. */
  fixedArguments: Record<string, unknown> | undefined;
  /** The tool as advertised: renamed, described anew, its fixed arguments left out of its schema. */
  tool: McpTool;
}

/** Two tools that would be offered under the same name; the first one listed keeps it. */
export interface Clash {
  name: string;
  kept: { member: number; originalName: string };
  dropped: { member: number; originalName: string };
}

export interface Catalog {
  /** In member order, each member's tools in its server's order. */
  tools: ExposedTool[];
  byName: Map<string, ExposedTool>;
  clashes: Clash[];
}

/**
 * The composite's tools from each member's listed tools (undefined: not known yet): selected by
 * include/exclude, renamed and prefixed, described anew, fixed arguments taken out of the
 * schemas. A name offered twice goes to the first member (the gateway must answer something);
 * the console refuses to save a composition with clashes, so they only appear when a server
 * changed its tools since.
 */
export function buildCatalog(members: readonly CompositionMember[], lists: ReadonlyArray<readonly McpTool[] | undefined>): Catalog {
  const tools: ExposedTool[] = [];
  const byName = new Map<string, ExposedTool>();
  const clashes: Clash[] = [];
  for (const [index, member] of members.entries()) {
    for (const tool of lists[index] ?? []) {
      if (typeof tool?.name !== "string" || !selectionOf(member, tool.name).selected) continue;
      const exposed = exposeTool(member, index, tool);
      const kept = byName.get(exposed.name);
      if (kept) {
        clashes.push({ name: exposed.name, kept: { member: kept.member, originalName: kept.originalName }, dropped: { member: index, originalName: tool.name } });
        continue;
      }
      byName.set(exposed.name, exposed);
      tools.push(exposed);
    }
  }
  return { tools, byName, clashes };
}

export function exposeTool(member: CompositionMember, index: number, tool: McpTool): ExposedTool {
  const override = member.tools?.[tool.name];
  const name = finalToolName(member, tool.name);
  const fixed = override?.fixedArguments !== undefined && Object.keys(override.fixedArguments).length > 0 ? (override.fixedArguments as Record<string, unknown>) : undefined;
  const advertised: McpTool = { ...tool, name };
  if (override?.description !== undefined) advertised.description = override.description;
  if (fixed && tool.inputSchema) advertised.inputSchema = withoutArguments(tool.inputSchema, Object.keys(fixed));
  return { name, member: index, originalName: tool.name, fixedArguments: fixed, tool: advertised };
}

/** The schema with the named properties gone from `properties` and `required`; the original is not changed. */
export function withoutArguments(schema: NonNullable<McpTool["inputSchema"]>, names: readonly string[]): NonNullable<McpTool["inputSchema"]> {
  const copy = { ...schema };
  if (schema.properties && typeof schema.properties === "object") {
    copy.properties = Object.fromEntries(Object.entries(schema.properties).filter(([key]) => !names.includes(key)));
  }
  if (Array.isArray(schema.required)) copy.required = schema.required.filter((key) => !names.includes(key as string));
  return copy;
}

/**
 * What is wrong with a tool's fixed arguments against its input schema: an argument the schema
 * does not have, or a value of another JSON type than the property declares. Checked when the
 * tools are listed (preview and save), since the schema is only known then.
 */
export function fixedArgumentProblems(tool: McpTool, fixed: Record<string, unknown>): string[] {
  const properties = tool.inputSchema?.properties;
  const problems: string[] = [];
  for (const [key, value] of Object.entries(fixed)) {
    const property = properties?.[key] as { type?: unknown; enum?: unknown } | undefined;
    if (!property) {
      const known = Object.keys(properties ?? {});
      problems.push(`fixed argument "${key}" is not an argument of ${tool.name} (its arguments: ${known.length > 0 ? known.join(", ") : "none"})`);
      continue;
    }
    const types = typeof property.type === "string" ? [property.type] : Array.isArray(property.type) ? (property.type as string[]) : [];
    if (types.length > 0 && !types.some((type) => jsonTypeMatches(value, type))) {
      problems.push(`fixed argument "${key}" of ${tool.name} must be of type ${types.join(" or ")}, not ${jsonTypeOf(value)} (${JSON.stringify(value)})`);
      continue;
    }
    if (Array.isArray(property.enum) && !property.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
      problems.push(`fixed argument "${key}" of ${tool.name} must be one of ${property.enum.map((v) => JSON.stringify(v)).join(", ")}`);
    }
  }
  return problems;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function jsonTypeMatches(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}
