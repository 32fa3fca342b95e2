import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import Ajv2020 from "ajv/dist/2020.js";

export interface SchemaIssue {
  /** JSON Pointer into the value, "" for the value itself. */
  path: string;
  message: string;
}

export type Validation = { ok: true } | { ok: false; issues: SchemaIssue[] } | { ok: false; badSchema: string };

type AjvLike = { compile(schema: object): ValidateFunction };

// One instance per draft, made on first use: an Ajv instance costs ~1 ms and some memory to set up.
const instances = new Map<string, AjvLike>();
const compiled = new WeakMap<object, ValidateFunction | Error>();

/**
 * Ajv for the draft a schema declares. MCP 2025-11-25 says a schema without $schema is 2020-12;
 * the SDK's zod-generated schemas say draft-07. The schema itself is checked against its draft's
 * meta-schema; formats are not checked (ajv-formats is not a dependency), and unknown keywords
 * are ignored rather than refused.
 */
function ajvFor(schema: object): AjvLike {
  const declared = String((schema as { $schema?: unknown }).$schema ?? "");
  const draft = /draft-0[4-7]/.test(declared) ? "07" : declared.includes("2019-09") ? "2019" : "2020";
  let ajv = instances.get(draft);
  if (!ajv) {
    const options = { strict: false, allErrors: true, validateFormats: false, validateSchema: true };
    ajv = draft === "07" ? new Ajv(options) : draft === "2019" ? new Ajv2019(options) : new Ajv2020(options);
    instances.set(draft, ajv);
  }
  return ajv;
}

function compile(schema: object): ValidateFunction | Error {
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      // $schema picked the draft; left in, Ajv would also insist on knowing its meta-schema's URL.
      const { $schema: _draft, ...rest } = schema as Record<string, unknown>;
      validate = ajvFor(schema).compile(rest);
    } catch (error) {
      validate = error as Error;
    }
    compiled.set(schema, validate);
  }
  return validate;
}

/** Why a schema is not valid JSON Schema (checked against its draft's meta-schema), or undefined. */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "the schema is not a JSON object";
  const validate = compile(schema);
  return validate instanceof Error ? validate.message : undefined;
}

/** Validates `value` against `schema`; a schema that does not compile is reported, not thrown. */
export function validateWithSchema(schema: unknown, value: unknown): Validation {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return { ok: false, badSchema: "the schema is not a JSON object" };
  const validate = compile(schema);
  if (validate instanceof Error) return { ok: false, badSchema: validate.message };
  if (validate(value)) return { ok: true };
  return { ok: false, issues: (validate.errors ?? []).map(describe) };
}

function describe(error: ErrorObject): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: "is required" };
  if (error.keyword === "additionalProperties") return { path: `${error.instancePath}/${String(params.additionalProperty)}`, message: "is not allowed by the schema" };
  if (error.keyword === "enum") return { path: error.instancePath, message: `must be one of ${JSON.stringify(params.allowedValues)}` };
  return { path: error.instancePath, message: error.message ?? error.keyword };
}
