import { validateWithSchema } from "../results/schema-validator.ts";
import type { Assertion } from "./collection-schema.ts";
import { lookupPath } from "./json-path.ts";

/** What a request came back with: a result, or a JSON-RPC error (code -1 when it never got an answer). */
export type CaseOutcome =
  | { kind: "result"; result: unknown; latencyMs: number }
  | { kind: "error"; error: { code: number; message: string; data?: unknown }; latencyMs: number };

export interface AssertionResult {
  /** A short label such as `status is result` or `$.content[0].text equals "hi"`. */
  label: string;
  passed: boolean;
  /** Why it failed, in words; absent when it passed. */
  message?: string;
}

export interface AssertionContext {
  /** The outputSchema of the tool a `tools/call` case called, when the server declares one. */
  outputSchema?: unknown;
}

/** `$` is the result of a successful request, or the error object ({code, message, data}) of a failed one. */
export function subjectOf(outcome: CaseOutcome): unknown {
  return outcome.kind === "result" ? outcome.result : outcome.error;
}

export function evaluateAssertion(assertion: Assertion, outcome: CaseOutcome, context: AssertionContext = {}): AssertionResult {
  if ("status" in assertion) {
    const label = assertion.code === undefined ? `status is ${assertion.status}` : `status is ${assertion.status} ${assertion.code}`;
    if (outcome.kind !== assertion.status) {
      const got = outcome.kind === "error" ? `error ${outcome.error.code}: ${outcome.error.message}` : "a result";
      return fail(label, `expected ${assertion.status === "result" ? "a result" : "an error"}, got ${got}`);
    }
    if (assertion.code !== undefined && outcome.kind === "error" && outcome.error.code !== assertion.code) {
      return fail(label, `expected error code ${assertion.code}, got ${outcome.error.code} (${outcome.error.message})`);
    }
    return pass(label);
  }
  if ("latencyMs" in assertion) {
    const label = `latency ≤ ${assertion.latencyMs} ms`;
    return outcome.latencyMs <= assertion.latencyMs ? pass(label) : fail(label, `took ${Math.round(outcome.latencyMs)} ms`);
  }
  if ("schemaValid" in assertion) return schemaAssertion(assertion.schemaValid, outcome, context);
  if ("matches" in assertion) {
    const label = `${assertion.path} matches /${assertion.matches}/`;
    const found = lookup(outcome, assertion.path);
    if (!found.ok) return fail(label, found.message);
    if (typeof found.value !== "string") return fail(label, `${assertion.path} is ${describe(found.value)}, not a string`);
    return new RegExp(assertion.matches).test(found.value) ? pass(label) : fail(label, `${assertion.path} is ${JSON.stringify(found.value)}`);
  }
  const label = `${assertion.path} equals ${short(assertion.equals)}`;
  const found = lookup(outcome, assertion.path);
  if (!found.ok) return fail(label, found.message);
  return sameJson(found.value, assertion.equals) ? pass(label) : fail(label, `${assertion.path} is ${short(found.value)}`);
}

function schemaAssertion(schema: "outputSchema" | Record<string, unknown>, outcome: CaseOutcome, context: AssertionContext): AssertionResult {
  const label = schema === "outputSchema" ? "structuredContent valid against outputSchema" : "result valid against the given schema";
  if (outcome.kind !== "result") return fail(label, `the request failed: error ${outcome.error.code}: ${outcome.error.message}`);
  let value = outcome.result;
  let target: unknown = schema;
  if (schema === "outputSchema") {
    if (context.outputSchema === undefined) return fail(label, "the tool declares no outputSchema (or the case is not a tools/call)");
    target = context.outputSchema;
    value = (outcome.result as { structuredContent?: unknown } | null)?.structuredContent;
    if (value === undefined) return fail(label, "the result has no structuredContent");
  }
  const validation = validateWithSchema(target, value);
  if (validation.ok) return pass(label);
  if ("badSchema" in validation) return fail(label, `the schema is not valid JSON Schema: ${validation.badSchema}`);
  return fail(label, validation.issues.map((issue) => `${issue.path || "(root)"} ${issue.message}`).join("; "));
}

function lookup(outcome: CaseOutcome, path: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    const found = lookupPath(subjectOf(outcome), path);
    return found.found ? { ok: true, value: found.value } : { ok: false, message: `${path} is missing in the ${outcome.kind}` };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Deep equality of JSON values (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameJson(item, (b as unknown[])[i]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function pass(label: string): AssertionResult {
  return { label, passed: true };
}

function fail(label: string, message: string): AssertionResult {
  return { label, passed: false, message };
}
