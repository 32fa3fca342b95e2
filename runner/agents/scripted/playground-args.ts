/**
 * How the playground's scripted model picks a tool and fills its arguments from a user message:
 * pure functions of the message and the tool list, so the same message always makes the same call.
 */

export interface OfferedTool {
  name: string;
  inputSchema: unknown;
}

interface PropertySchema {
  type?: unknown;
  default?: unknown;
  examples?: unknown;
  enum?: unknown;
}

const NAME_CHAR = "[A-Za-z0-9_.-]";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A tool name as a whole word; "get-sum" also matches "get sum" and "get_sum". */
function namePattern(name: string): RegExp {
  const parts = name.split(/[-_\s]+/).filter(Boolean).map(escapeRegExp);
  return new RegExp(`(?<!${NAME_CHAR})${parts.join("[-_\\s]+")}(?!${NAME_CHAR})`, "i");
}

export interface PickedTool {
  name: string;
  /** Where the name ends in the message: what follows is the call's free text. */
  end: number;
  /** The message named a tool the server does not offer ("call foo"). */
  unknown: boolean;
}

/**
 * The tool the message names: the longest tool name found in it as a word (so "get-sum-total"
 * wins over "get-sum"); else, when the message says "call <name>", that name even though the
 * server does not offer it — the playground then shows how an unknown tool is reported.
 */
export function pickTool(message: string, tools: readonly OfferedTool[]): PickedTool | undefined {
  const byLength = [...tools].sort((a, b) => b.name.length - a.name.length || a.name.localeCompare(b.name));
  for (const tool of byLength) {
    const match = namePattern(tool.name).exec(message);
    if (match) return { name: tool.name, end: match.index + match[0].length, unknown: false };
  }
  const call = /\bcall\s+([A-Za-z0-9][A-Za-z0-9_.-]*)/i.exec(message);
  if (call) return { name: call[1]!, end: call.index + call[0].length, unknown: true };
  return undefined;
}

/**
 * The arguments of a call, from the tool's input schema and the message, in this order:
 * a JSON object in the message; `name=value` (or `name: value`) for a property; then, for a
 * required property, its default, its first example, its first enum value, a number from the
 * message (in order) for a number, the message's text after the tool's name for the first
 * string, false for a boolean. An optional property gets a value only from the message or its
 * default. A required property with none of these is left out: the server says what it expects.
 */
export function buildArguments(schema: unknown, message: string, freeText: string): Record<string, unknown> {
  const object = (typeof schema === "object" && schema !== null ? schema : {}) as { properties?: Record<string, PropertySchema>; required?: unknown };
  const properties = object.properties && typeof object.properties === "object" ? object.properties : {};
  const required = new Set(Array.isArray(object.required) ? object.required.filter((r): r is string => typeof r === "string") : []);
  const given = { ...jsonObjectIn(message), ...namedValues(message, properties) };
  const numbers = (freeText.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  let text = freeText.replace(/^[\s:,-]+/, "").replace(/^(?:with|saying|to|of)\s+/i, "").trim().replace(/^(["'])(.*)\1$/, "$2");
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (name in given) {
      args[name] = given[name];
      continue;
    }
    if (property.default !== undefined) {
      args[name] = property.default;
      continue;
    }
    if (!required.has(name)) continue;
    const type = typeOf(property);
    if (Array.isArray(property.examples) && property.examples.length > 0) args[name] = property.examples[0];
    else if (Array.isArray(property.enum) && property.enum.length > 0) args[name] = property.enum[0];
    else if ((type === "number" || type === "integer") && numbers.length > 0) args[name] = numbers.shift();
    else if (type === "string" && text) {
      args[name] = text;
      text = "";
    } else if (type === "boolean") args[name] = false;
  }
  // Properties the message gave that the schema does not list are passed on: the server decides.
  for (const [name, value] of Object.entries(given)) if (!(name in args)) args[name] = value;
  return args;
}

function typeOf(property: PropertySchema): string | undefined {
  if (typeof property.type === "string") return property.type;
  if (Array.isArray(property.type)) return property.type.find((t): t is string => typeof t === "string" && t !== "null");
  return undefined;
}

function jsonObjectIn(message: string): Record<string, unknown> {
  const start = message.indexOf("{");
  const end = message.lastIndexOf("}");
  if (start < 0 || end <= start) return {};
  try {
    const value: unknown = JSON.parse(message.slice(start, end + 1));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `name=value` / `name: value` for the schema's properties; the value typed as the schema says. */
function namedValues(message: string, properties: Record<string, PropertySchema>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const match = new RegExp(`(?<!${NAME_CHAR})${escapeRegExp(name)}\\s*[=:]\\s*("[^"]*"|'[^']*'|[^\\s,;]+)`, "i").exec(message);
    if (!match) continue;
    const raw = match[1]!.replace(/^(["'])(.*)\1$/, "$2");
    const type = typeOf(property);
    if ((type === "number" || type === "integer") && Number.isFinite(Number(raw))) values[name] = Number(raw);
    else if (type === "boolean" && /^(true|false)$/i.test(raw)) values[name] = raw.toLowerCase() === "true";
    else values[name] = raw;
  }
  return values;
}
