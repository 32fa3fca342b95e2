import { ClientNotificationSchema, ClientRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/**
 * The JSON Schema the raw console validates and completes against: every request and
 * notification a client may send in the negotiated revision. Built from the SDK's own zod
 * schemas (zod 4, so z.toJSONSchema works on them) rather than written by hand: the params stay
 * exactly what the SDK itself accepts, and a new SDK brings its new methods along. The SDK
 * speaks 2025-11-25; older revisions lose the methods they did not have yet (the table below).
 */

/** Client methods newer than 2024-11-05, with the revision that brought them. */
const INTRODUCED: Record<string, string> = {
  "tasks/get": "2025-11-25",
  "tasks/result": "2025-11-25",
  "tasks/list": "2025-11-25",
  "tasks/cancel": "2025-11-25",
  "notifications/tasks/status": "2025-11-25",
};

export interface ConsoleMethod {
  method: string;
  kind: "request" | "notification";
  /** JSON Schema of its params ({} when anything goes). */
  params: Record<string, unknown>;
  /** Whether params may be left out. */
  paramsOptional: boolean;
}

type Member = { shape: { method: { value: string }; params?: z.ZodType } };

function toMethods(union: { options: readonly unknown[] }, kind: ConsoleMethod["kind"]): ConsoleMethod[] {
  return (union.options as Member[]).map(({ shape }) => {
    const params = shape.params ? (z.toJSONSchema(shape.params, { io: "input", unrepresentable: "any", target: "draft-07" }) as Record<string, unknown>) : {};
    delete params.$schema;
    return { method: shape.method.value, kind, params, paramsOptional: !shape.params || shape.params.safeParse(undefined).success };
  });
}

let all: ConsoleMethod[] | undefined;

/** Every client method the SDK knows, converted once (about 20 schemas, a few ms). */
function allMethods(): ConsoleMethod[] {
  all ??= [...toMethods(ClientRequestSchema, "request"), ...toMethods(ClientNotificationSchema, "notification")];
  return all;
}

/** "2025-06-18" < "2025-11-25": revisions are dates, so they compare as strings. */
export function methodsFor(revision: string): ConsoleMethod[] {
  return allMethods().filter((m) => (INTRODUCED[m.method] ?? "2024-11-05") <= revision);
}

const ID = { type: ["string", "integer"], description: "The request id (the console sends requests with ids of its own, so they never clash with the bench's)" };

/**
 * One schema for the console's editor: a request, a notification, or a reply to a server's
 * request. Method names complete from an enum; params complete and validate through if/then per
 * method (Monaco's JSON service follows if/then, and its messages stay readable, unlike oneOf).
 */
export function consoleSchema(revision: string): Record<string, unknown> {
  const methods = methodsFor(revision);
  const perMethod = methods.map((m) => ({
    if: { properties: { method: { const: m.method } }, required: ["method"] },
    then: {
      properties: { params: m.params },
      required: m.paramsOptional ? [] : ["params"],
      ...(m.kind === "notification" ? { not: { required: ["id"] }, errorMessage: `${m.method} is a notification: it has no id` } : {}),
    },
  }));
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `MCP client message (${revision})`,
    type: "object",
    required: ["jsonrpc"],
    properties: {
      jsonrpc: { const: "2.0" },
      id: ID,
      method: { type: "string", enum: methods.map((m) => m.method), description: `A client method of MCP ${revision}` },
      params: { type: "object" },
      result: { type: "object", description: "A reply to a request the server sent" },
      error: { type: "object", required: ["code", "message"], properties: { code: { type: "integer" }, message: { type: "string" }, data: {} } },
    },
    anyOf: [{ required: ["method"] }, { required: ["id", "result"] }, { required: ["id", "error"] }],
    allOf: perMethod,
  };
}

/** A message to start from for `method`: the smallest one its params allow. */
export function skeleton(method: ConsoleMethod, id: number): Record<string, unknown> {
  const params = example(method.params);
  return {
    jsonrpc: "2.0",
    ...(method.kind === "request" ? { id } : {}),
    method: method.method,
    ...(method.paramsOptional && Object.keys(params as object).length === 0 ? {} : { params }),
  };
}

/** Required properties filled with placeholders of their type. */
function example(schema: unknown): unknown {
  const s = (schema ?? {}) as { type?: unknown; properties?: Record<string, unknown>; required?: string[]; const?: unknown; enum?: unknown[]; anyOf?: unknown[] };
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) return example(s.anyOf[0]);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "object" || s.properties) {
    const out: Record<string, unknown> = {};
    for (const name of s.required ?? []) out[name] = example(s.properties?.[name]);
    return out;
  }
  if (type === "string") return "";
  if (type === "number" || type === "integer") return 0;
  if (type === "boolean") return false;
  if (type === "array") return [];
  return {};
}
