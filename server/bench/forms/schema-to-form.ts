/**
 * A tool's input JSON Schema turned into the fields of a form. Anything the form cannot express
 * faithfully (recursion, unresolvable $ref, mixed unions of objects and scalars without a type,
 * patternProperties…) becomes a "json" field the user edits as raw JSON, with the reason shown,
 * rather than a form that quietly sends the wrong shape. Browser-safe: no Node imports.
 */

export interface FieldBase {
  title?: string;
  description?: string;
  /** The schema's default, when it has one (prefilled into the form). */
  default?: unknown;
  hasDefault: boolean;
  /** The schema also allows null ({type: [T, "null"]}, or anyOf with {type: "null"}). */
  nullable: boolean;
}

export interface ObjectProperty {
  name: string;
  required: boolean;
  field: FormField;
}

export type FormField =
  | (FieldBase & { kind: "string"; format?: string; multiline: boolean; minLength?: number; maxLength?: number; pattern?: string })
  | (FieldBase & { kind: "number" | "integer"; minimum?: number; maximum?: number })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "enum"; options: Array<{ label: string; value: unknown }> })
  | (FieldBase & { kind: "const"; value: unknown })
  | (FieldBase & { kind: "object"; properties: ObjectProperty[]; /** Keys beyond the listed ones are allowed. */ open: boolean })
  | (FieldBase & { kind: "array"; items: FormField; minItems?: number; maxItems?: number })
  | (FieldBase & { kind: "choice"; variants: Array<{ label: string; field: FormField }> })
  | (FieldBase & { kind: "json"; reason: string });

type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;

/** The form for a schema; `root` is where "#/…" references resolve (the schema itself by default). */
export function formFromSchema(schema: unknown, root: unknown = schema): FormField {
  return build(schema, { root, refs: [], depth: 0 });
}

interface Context {
  root: unknown;
  /** $refs being expanded on the way here: meeting one again means the schema is recursive. */
  refs: string[];
  depth: number;
}

function build(input: unknown, ctx: Context): FormField {
  if (input === true || input === undefined) return json(base({}), "any JSON value");
  if (input === false) return json(base({}), "the schema allows no value at all");
  if (!isObject(input)) return json(base({}), "the schema is not an object");
  if (ctx.depth > MAX_DEPTH) return json(base(input), `nested deeper than ${MAX_DEPTH} levels`);
  const schema = input;
  const next: Context = { ...ctx, depth: ctx.depth + 1 };

  if (typeof schema.$ref === "string") return fromRef(schema, next);
  if (Array.isArray(schema.allOf)) return fromAllOf(schema, next);
  if ("const" in schema) return { ...base(schema), kind: "const", value: schema.const };
  if (Array.isArray(schema.enum)) return fromEnum(schema, schema.enum);
  const union = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (union) return fromUnion(schema, union, next);

  const types = Array.isArray(schema.type) ? schema.type.filter((t): t is string => typeof t === "string") : typeof schema.type === "string" ? [schema.type] : [];
  const nullable = types.includes("null");
  const concrete = types.filter((t) => t !== "null");
  if (concrete.length > 1) {
    return { ...base(schema), nullable, kind: "choice", variants: concrete.map((type) => ({ label: type, field: build({ ...schema, type }, next) })) };
  }
  const type = concrete[0] ?? (schema.properties ? "object" : schema.items ? "array" : nullable ? "null" : undefined);
  const field = fromType(schema, type, next);
  return nullable && field.kind !== "const" ? { ...field, nullable: true } : field;
}

function fromType(schema: Schema, type: string | undefined, ctx: Context): FormField {
  const common = base(schema);
  switch (type) {
    case "string": {
      const maxLength = num(schema.maxLength);
      // A text area for what reads like prose or code, unless it is short by schema.
      const prose = /\b(text|body|content|prompt|markdown|code|query|script)\b/i.test(`${common.title ?? ""} ${common.description ?? ""}`);
      return {
        ...common,
        kind: "string",
        format: str(schema.format),
        multiline: prose && (maxLength === undefined || maxLength > 200),
        minLength: num(schema.minLength),
        maxLength,
        pattern: str(schema.pattern),
      };
    }
    case "number":
    case "integer":
      return { ...common, kind: type, minimum: num(schema.minimum) ?? num(schema.exclusiveMinimum), maximum: num(schema.maximum) ?? num(schema.exclusiveMaximum) };
    case "boolean":
      return { ...common, kind: "boolean" };
    case "null":
      return { ...common, kind: "const", value: null };
    case "object":
      return fromObject(schema, ctx);
    case "array":
      return fromArray(schema, ctx);
    default:
      return json(common, type === undefined ? "the schema names no type" : `unknown type "${type}"`);
  }
}

function fromObject(schema: Schema, ctx: Context): FormField {
  const common = base(schema);
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  const props = isObject(schema.properties) ? schema.properties : {};
  const names = Object.keys(props);
  const additional = schema.additionalProperties;
  // A tool's arguments with no properties listed take none (extra keys remain one switch to JSON
  // away); a nested object without properties is a free-form map, edited as JSON.
  const atRoot = ctx.depth === 1;
  const freeForm = isObject(additional) || schema.patternProperties !== undefined || (!atRoot && additional !== false);
  if (names.length === 0 && freeForm) return json(common, "an object with free-form keys");
  return {
    ...common,
    kind: "object",
    open: additional !== false,
    properties: names.map((name) => ({ name, required: required.has(name), field: build(props[name], ctx) })),
  };
}

function fromArray(schema: Schema, ctx: Context): FormField {
  const common = base(schema);
  if (Array.isArray(schema.items) || Array.isArray(schema.prefixItems)) return json(common, "a tuple (items by position)");
  return { ...common, kind: "array", items: build(schema.items ?? true, ctx), minItems: num(schema.minItems), maxItems: num(schema.maxItems) };
}

function fromEnum(schema: Schema, values: unknown[]): FormField {
  const nullable = values.includes(null);
  const options = values.filter((v) => v !== null).map((value) => ({ label: typeof value === "string" ? value : JSON.stringify(value), value }));
  return { ...base(schema), nullable, kind: "enum", options };
}

function fromUnion(schema: Schema, variants: unknown[], ctx: Context): FormField {
  const rest = { ...schema };
  delete rest.oneOf;
  delete rest.anyOf;
  // Keywords beside the union (a shared type, description…) apply to every variant.
  const shared = Object.fromEntries(Object.entries(rest).filter(([key]) => key !== "title" && key !== "description" && key !== "default"));
  const merged = variants.map((variant) => (isObject(variant) && Object.keys(shared).length > 0 ? { ...shared, ...variant } : variant));
  const isNull = (v: unknown) => isObject(v) && (v.type === "null" || v.const === null);
  const nonNull = merged.filter((v) => !isNull(v));
  const nullable = nonNull.length < merged.length;
  if (nonNull.length === 1) {
    const single = build(nonNull[0], ctx);
    return { ...single, ...describedBy(schema), nullable: nullable || single.nullable };
  }
  const constants = nonNull.map((v) => (isObject(v) && "const" in v ? { value: v.const, title: str(v.title) } : undefined));
  if (nonNull.length > 0 && constants.every((c) => c !== undefined)) {
    return { ...base(schema), nullable, kind: "enum", options: constants.map((c) => ({ label: c!.title ?? (typeof c!.value === "string" ? c!.value : JSON.stringify(c!.value)), value: c!.value })) };
  }
  return {
    ...base(schema),
    nullable,
    kind: "choice",
    variants: nonNull.map((variant, index) => {
      const field = build(variant, ctx);
      return { label: field.title ?? variantLabel(variant, index), field };
    }),
  };
}

function fromAllOf(schema: Schema, ctx: Context): FormField {
  const parts = [schema, ...(schema.allOf as unknown[])].map((part) => (isObject(part) && typeof part.$ref === "string" ? resolve(part.$ref, ctx.root) ?? part : part));
  if (!parts.every(isObject)) return json(base(schema), "allOf with a boolean schema");
  const merged: Schema = {};
  const properties: Schema = {};
  const required: unknown[] = [];
  for (const part of parts as Schema[]) {
    const { allOf: _allOf, properties: p, required: r, ...restOfPart } = part;
    Object.assign(merged, restOfPart);
    if (isObject(p)) Object.assign(properties, p);
    if (Array.isArray(r)) required.push(...r);
  }
  if (Object.keys(properties).length > 0) Object.assign(merged, { type: merged.type ?? "object", properties, required });
  return build(merged, ctx);
}

function fromRef(schema: Schema, ctx: Context): FormField {
  const ref = schema.$ref as string;
  if (ctx.refs.includes(ref)) return json(base(schema), `recursive schema (${ref})`);
  const target = resolve(ref, ctx.root);
  if (target === undefined) return json(base(schema), `$ref ${ref} does not resolve`);
  const { $ref: _ref, ...siblings } = schema;
  const field = build(isObject(target) ? { ...target, ...siblings } : target, { ...ctx, refs: [...ctx.refs, ref] });
  return field;
}

/** A local JSON Pointer reference ("#/$defs/Address"); remote references are not fetched. */
function resolve(ref: string, root: unknown): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
    if (node === undefined) return undefined;
  }
  return node;
}

function variantLabel(variant: unknown, index: number): string {
  if (!isObject(variant)) return `option ${index + 1}`;
  if (typeof variant.type === "string") {
    const props = isObject(variant.properties) ? Object.keys(variant.properties) : [];
    return props.length > 0 ? `${variant.type} {${props.slice(0, 3).join(", ")}${props.length > 3 ? ", …" : ""}}` : variant.type;
  }
  if (typeof variant.$ref === "string") return variant.$ref.split("/").pop() ?? `option ${index + 1}`;
  return `option ${index + 1}`;
}

function base(schema: Schema): FieldBase {
  return { ...describedBy(schema), hasDefault: "default" in schema, ...("default" in schema ? { default: schema.default } : {}), nullable: false };
}

function describedBy(schema: Schema): Pick<FieldBase, "title" | "description"> {
  return { ...(typeof schema.title === "string" ? { title: schema.title } : {}), ...(typeof schema.description === "string" ? { description: schema.description } : {}) };
}

function json(common: FieldBase, reason: string): FormField {
  return { ...common, kind: "json", reason };
}

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const str = (value: unknown) => (typeof value === "string" ? value : undefined);
