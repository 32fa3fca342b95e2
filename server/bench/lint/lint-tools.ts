import { schemaProblem } from "../results/schema-validator.ts";

export type Severity = "error" | "warning" | "info";

/** One problem found in a server's tool list: what, why it matters, and what to change. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** The tool it is about; absent for findings about the whole list. */
  tool?: string;
  message: string;
  reason: string;
  fix: string;
}

/** MCP's tool name rule (2025-11-25): 1 to 128 of A–Z, a–z, 0–9, underscore, hyphen and dot. */
export const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** Tools past which clients and models choose worse (several clients cap or warn near here). */
export const MANY_TOOLS = 40;
/** Bytes of tool definitions past which the list eats a noticeable share of a model's context. */
export const LARGE_LIST_BYTES = 64 * 1024;

type RawTool = Record<string, unknown>;
type Rule = (tools: readonly RawTool[]) => Finding[];

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const label = (t: RawTool, index: number) => str(t.name) ?? `#${index + 1}`;

const names: Rule = (tools) => {
  const out: Finding[] = [];
  const seen = new Map<string, number>();
  tools.forEach((t, index) => {
    const name = str(t.name);
    if (name === undefined || name === "") {
      out.push({ rule: "name-missing", severity: "error", tool: `#${index + 1}`, message: "the tool has no name", reason: "a client calls a tool by its name; without one it cannot be called", fix: "give the tool a unique name such as get_weather" });
      return;
    }
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if (!TOOL_NAME.test(name)) {
      const why = name.length > 128 ? `it is ${name.length} characters long` : `it contains ${JSON.stringify([...new Set(name.replace(/[A-Za-z0-9_.-]/g, ""))].join(""))}`;
      out.push({ rule: "name-format", severity: "warning", tool: name, message: `the name breaks MCP's naming rule: ${why}`, reason: "MCP tool names are 1–128 characters of A–Z, a–z, 0–9, _, - and .; clients and model APIs refuse or rewrite other names", fix: `rename it, e.g. ${JSON.stringify(name.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 128) || "tool")}` });
    }
  });
  for (const [name, count] of seen) {
    if (count > 1) out.push({ rule: "name-duplicate", severity: "error", tool: name, message: `${count} tools are named ${JSON.stringify(name)}`, reason: "tools/call picks a tool by name, so only one of them can ever be reached, and which one is up to the server", fix: "give each tool a name of its own" });
  }
  return out;
};

const schemas: Rule = (tools) =>
  tools.flatMap((t, index) => {
    const tool = label(t, index);
    const out: Finding[] = [];
    const input = t.inputSchema;
    if (input === undefined) {
      out.push({ rule: "input-schema-missing", severity: "error", tool, message: "there is no inputSchema", reason: "MCP requires an inputSchema on every tool; clients that validate the list refuse the whole reply", fix: 'declare one; for a tool without arguments: {"type": "object", "properties": {}}' });
    } else {
      const problem = schemaProblem(input);
      if (problem) out.push({ rule: "input-schema-invalid", severity: "error", tool, message: `the inputSchema is not valid JSON Schema: ${problem}`, reason: "clients build forms and models build arguments from it; an invalid schema breaks both, and Ajv-based clients refuse the tool", fix: "fix the schema until it validates against its draft's meta-schema" });
      else if ((input as { type?: unknown }).type !== "object") out.push({ rule: "input-schema-not-object", severity: "error", tool, message: `the inputSchema's type is ${JSON.stringify((input as { type?: unknown }).type ?? "missing")}, not "object"`, reason: "tool arguments are a JSON object, and MCP requires the inputSchema to say type: object", fix: 'set "type": "object" and describe the arguments under "properties"' });
    }
    if (t.outputSchema !== undefined) {
      const problem = schemaProblem(t.outputSchema);
      if (problem) out.push({ rule: "output-schema-invalid", severity: "error", tool, message: `the outputSchema is not valid JSON Schema: ${problem}`, reason: "clients validate structuredContent against it; an invalid schema makes every result look wrong", fix: "fix the schema until it validates against its draft's meta-schema" });
      else if ((t.outputSchema as { type?: unknown }).type !== "object") out.push({ rule: "output-schema-not-object", severity: "error", tool, message: 'the outputSchema is not of type "object"', reason: "structuredContent is a JSON object, and MCP requires the outputSchema to say type: object", fix: 'set "type": "object" (wrap a list or a scalar in a property)' });
    }
    return out;
  });

const descriptions: Rule = (tools) =>
  tools.flatMap((t, index) => {
    const tool = label(t, index);
    const out: Finding[] = [];
    if (!str(t.description)?.trim()) out.push({ rule: "description-missing", severity: "warning", tool, message: "the tool has no description", reason: "a model picks tools by their descriptions; without one it guesses from the name, or never calls it", fix: "say what the tool does, when to use it and what it returns, in a sentence or two" });
    const properties = (t.inputSchema as { properties?: unknown } | undefined)?.properties;
    if (typeof properties === "object" && properties !== null) {
      const bare = Object.entries(properties as Record<string, unknown>)
        .filter(([, p]) => typeof p === "object" && p !== null && !str((p as { description?: unknown }).description)?.trim() && !str((p as { title?: unknown }).title)?.trim())
        .map(([name]) => name);
      if (bare.length) out.push({ rule: "argument-description-missing", severity: "info", tool, message: `argument${bare.length > 1 ? "s" : ""} without a description: ${bare.join(", ")}`, reason: "a model fills arguments from their names and descriptions; a bare name invites wrong values", fix: `add a "description" to ${bare.length > 1 ? "each of them" : "it"} (units, format, an example)` });
    }
    return out;
  });

const hints: Rule = (tools) =>
  tools.flatMap((t, index) => {
    const a = t.annotations as { readOnlyHint?: unknown; destructiveHint?: unknown; idempotentHint?: unknown } | undefined;
    if (typeof a !== "object" || a === null || a.readOnlyHint !== true) return [];
    const tool = label(t, index);
    const out: Finding[] = [];
    if (a.destructiveHint === true) out.push({ rule: "hints-contradict", severity: "warning", tool, message: "readOnlyHint and destructiveHint are both true", reason: "a read-only tool changes nothing, so it cannot be destructive; a client that trusts either hint may auto-approve or always block the tool", fix: "set readOnlyHint: false if the tool can delete or overwrite; otherwise remove destructiveHint" });
    if (a.idempotentHint === false) out.push({ rule: "hints-contradict", severity: "info", tool, message: "readOnlyHint is true but idempotentHint is false", reason: "a tool that changes nothing is idempotent by nature; the spec reads idempotentHint only when readOnlyHint is false, so this hint says nothing", fix: "remove idempotentHint, or set readOnlyHint: false if calling twice has effects" });
    return out;
  });

const size: Rule = (tools) => {
  const out: Finding[] = [];
  if (tools.length > MANY_TOOLS) out.push({ rule: "too-many-tools", severity: "warning", message: `${tools.length} tools (more than ${MANY_TOOLS})`, reason: "models choose worse from long tool lists, and some clients cap how many tools they pass on", fix: "merge related tools, or split the server by task so each client connects only what it needs" });
  const bytes = new TextEncoder().encode(JSON.stringify(tools)).length;
  if (bytes > LARGE_LIST_BYTES) out.push({ rule: "tool-list-too-large", severity: "warning", message: `the tool definitions take ${Math.round(bytes / 1024)} KB`, reason: "every definition goes into the model's context on every turn: a large list costs tokens and crowds out the conversation", fix: "shorten descriptions and schemas (drop examples and long enums), or offer fewer tools" });
  return out;
};

const RULES: readonly Rule[] = [names, schemas, descriptions, hints, size];
const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every finding about a tools/list reply (its raw tools, as the server sent them), worst first. */
export function lintTools(tools: readonly unknown[]): Finding[] {
  const objects = tools.map((t) => (typeof t === "object" && t !== null && !Array.isArray(t) ? (t as RawTool) : {}));
  return RULES.flatMap((rule) => rule(objects)).sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
