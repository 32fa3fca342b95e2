import { canonicalJson } from "./canonical-json.ts";

/** A JSON Schema object. Keywords are read defensively: components publish whatever they like. */
export type JsonSchema = Record<string, unknown>;

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const SUBSCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const SUBSCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf", "prefixItems", "items"]);
const SUBSCHEMA_SINGLES = new Set([
  "items",
  "additionalProperties",
  "additionalItems",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
]);

/** Keywords that describe a schema without changing which values it allows. */
export const ANNOTATION_KEYWORDS = new Set(["title", "description", "examples", "$comment", "deprecated", "readOnly", "writeOnly"]);

/** Rebuilds a schema bottom-up, passing it and every subschema through `visit`. */
export function mapSchemaTree(schema: JsonSchema, visit: (schema: JsonSchema) => JsonSchema): JsonSchema {
  const recurse = (value: unknown): unknown => (isSchemaObject(value) ? mapSchemaTree(value, visit) : value);
  const mapKeyword = (keyword: string, value: unknown): unknown => {
    if (SUBSCHEMA_MAPS.has(keyword) && isSchemaObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, subschema]) => [name, recurse(subschema)]));
    }
    if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) return value.map(recurse);
    return SUBSCHEMA_SINGLES.has(keyword) ? recurse(value) : value;
  };
  return visit(Object.fromEntries(Object.entries(schema).map(([keyword, value]) => [keyword, mapKeyword(keyword, value)])));
}

/** Sorts the `required` and `type` lists throughout a schema: their order carries no meaning. */
export function sortSchemaSets(schema: JsonSchema): JsonSchema {
  return mapSchemaTree(schema, (node) => ({
    ...node,
    ...(isStringList(node.required) && { required: [...node.required].sort() }),
    ...(isStringList(node.type) && { type: [...node.type].sort() }),
  }));
}

/** A schema's identity when schemas are compared as a set (anyOf options): its shape, without annotations. */
export function shapeOf(schema: unknown): string {
  if (!isSchemaObject(schema)) return canonicalJson(schema);
  const withoutAnnotations = mapSchemaTree(sortSchemaSets(schema), (node) =>
    Object.fromEntries(Object.entries(node).filter(([keyword]) => !ANNOTATION_KEYWORDS.has(keyword))),
  );
  return canonicalJson(withoutAnnotations);
}

/** Resolves `#/$defs/Name` (or `#/definitions/Name`) in the same document; any other reference stays unresolved. */
export function resolveLocalRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  const definitions = root[match[1]!];
  const name = match[2]!.replaceAll("~1", "/").replaceAll("~0", "~");
  const target = isSchemaObject(definitions) && Object.hasOwn(definitions, name) ? definitions[name] : undefined;
  return isSchemaObject(target) ? target : undefined;
}

export function propertiesOf(schema: JsonSchema): Map<string, unknown> {
  return new Map(isSchemaObject(schema.properties) ? Object.entries(schema.properties) : []);
}

export function requiredOf(schema: JsonSchema): Set<string> {
  return new Set(isStringList(schema.required) ? schema.required : []);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/**
 * `anyOf: [X, {type: "null"}]`, how pydantic and zod write a nullable value, becomes X with "null"
 * added to its type, so that making an argument nullable compares as the type widening it is.
 * Exact because X's other keywords ignore null, except enum and const, which gain null too.
 */
export function foldNullable(schema: JsonSchema): JsonSchema {
  const { anyOf, ...outer } = schema;
  if (schema.type !== undefined || !Array.isArray(anyOf) || anyOf.length !== 2) return schema;
  const nullIndex = anyOf.findIndex((option) => shapeOf(option) === '{"type":"null"}');
  if (nullIndex === -1) return schema;
  const other: unknown = anyOf[1 - nullIndex];
  if (!isSchemaObject(other) || !(typeof other.type === "string" || isStringList(other.type))) return schema;
  const { const: constant, ...rest } = other;
  const allowed = Array.isArray(other.enum) ? other.enum : Object.hasOwn(other, "const") ? [constant] : undefined;
  return {
    ...rest,
    ...outer,
    type: [...new Set([other.type, "null"].flat())].sort(),
    ...(allowed !== undefined && { enum: [...allowed, null] }),
  };
}
