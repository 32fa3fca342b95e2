/** A JSON Schema's top-level properties as rows a person reads: name, type, required, notes. */
export interface SchemaField {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  notes: string[];
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => Boolean(value) && typeof value === "object" && !Array.isArray(value);

export function schemaFields(schema: Schema): SchemaField[] {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  return Object.entries(properties).map(([name, property]) => {
    const field = isSchema(property) ? property : {};
    return {
      name,
      type: typeOf(field),
      required: required.has(name),
      description: typeof field.description === "string" ? field.description : undefined,
      notes: notesOf(field),
    };
  });
}

/** "string", "integer | null", "array of string", "one of a, b" — short enough for a table cell. */
export function typeOf(schema: Schema): string {
  if (Array.isArray(schema.enum)) return "enum";
  if ("const" in schema) return `const ${JSON.stringify(schema.const)}`;
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") return isSchema(schema.items) ? `array of ${typeOf(schema.items)}` : "array";
  if (typeof type === "string") return type;
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.filter(isSchema).map(typeOf).join(" | ");
  }
  if (isSchema(schema.properties)) return "object";
  return "any";
}

const LIMITS: Array<[string, string]> = [
  ["minimum", "≥"],
  ["exclusiveMinimum", ">"],
  ["maximum", "≤"],
  ["exclusiveMaximum", "<"],
  ["minLength", "min length"],
  ["maxLength", "max length"],
  ["minItems", "min items"],
  ["maxItems", "max items"],
  ["pattern", "pattern"],
  ["format", "format"],
];

function notesOf(schema: Schema): string[] {
  const notes: string[] = [];
  if (Array.isArray(schema.enum)) notes.push(`one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`);
  for (const [key, label] of LIMITS) {
    const value = schema[key];
    if (typeof value === "number" || typeof value === "string") notes.push(`${label} ${value}`);
  }
  if ("default" in schema) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes;
}
