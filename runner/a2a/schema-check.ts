import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import Ajv2020 from "ajv/dist/2020.js";

/**
 * Checks tool arguments against a tool's inputSchema before the call, so a bad argument becomes
 * a REJECTED task naming the field instead of a call the server fails. Each schema is compiled
 * once (validators are cached by schema object); one the checker cannot compile is not checked
 * here and is left to the server.
 */
const options = { allErrors: true, strict: false, validateFormats: false } as const;
// One instance per draft, made on first use (each costs ~1 ms and some memory to set up).
const instances = new Map<string, { compile(schema: object): ValidateFunction }>();
const compiled = new WeakMap<object, ValidateFunction | null>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction | null {
  let validate = compiled.get(schema);
  if (validate !== undefined) return validate;
  // MCP 2025-11-25: a schema without $schema is 2020-12; the SDK's zod schemas say draft-07.
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  const draft = /draft-0[4-7]/.test(dialect) ? "07" : dialect.includes("2019-09") ? "2019" : "2020";
  let ajv = instances.get(draft);
  if (!ajv) {
    ajv = draft === "07" ? new Ajv(options) : draft === "2019" ? new Ajv2019(options) : new Ajv2020(options);
    instances.set(draft, ajv);
  }
  try {
    // Each tool's schema is compiled on its own; dropping $id keeps two servers' equal ids apart.
    const { $id: _id, ...rest } = schema;
    validate = ajv.compile(rest);
  } catch {
    validate = null;
  }
  compiled.set(schema, validate);
  return validate;
}

/** Each problem as "<field>: <what is wrong>", or an empty list when the value fits the schema. */
export function schemaProblems(schema: Record<string, unknown>, value: unknown): string[] {
  const validate = validatorFor(schema);
  if (!validate || validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map(describe);
}

function describe(error: ErrorObject): string {
  const field = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "arguments";
  if (error.keyword === "required") return `${field === "arguments" ? "" : `${field}.`}${String(error.params.missingProperty)}: is required`;
  if (error.keyword === "additionalProperties") return `${field}: has no field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === "enum") return `${field}: expected one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  return `${field}: ${error.message ?? "is invalid"}`;
}
