import { describe, expect, it } from "vitest";
import type { ChangeKind } from "./change.ts";
import { diffContracts } from "./diff.ts";
import type { JsonSchema } from "./json-schema.ts";
import type { ContractSnapshot, ContractTool, ToolAnnotations } from "./snapshot.ts";

const EMPTY: ContractSnapshot = { tools: [], resources: [], resourceTemplates: [], prompts: [], requiredEnvironment: [] };

function contract(parts: Partial<ContractSnapshot>): ContractSnapshot {
  return { ...EMPTY, ...parts };
}

function objectOf(properties: Record<string, JsonSchema>, required: string[] = [], extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, required, ...extra };
}

/** A contract with one tool, "search", taking the given arguments. */
function searchTaking(properties: Record<string, JsonSchema>, required: string[] = [], extra: Partial<ContractTool> = {}): ContractSnapshot {
  return contract({ tools: [{ name: "search", inputSchema: objectOf(properties, required), ...extra }] });
}

function searchWith(inputSchema: JsonSchema): ContractSnapshot {
  return contract({ tools: [{ name: "search", inputSchema }] });
}

/** One argument, "limit", with the given schema. */
function limit(schema: JsonSchema, required = false): ContractSnapshot {
  return searchTaking({ limit: schema }, required ? ["limit"] : []);
}

function returning(outputSchema: JsonSchema | undefined): ContractSnapshot {
  return searchTaking({}, [], outputSchema === undefined ? {} : { outputSchema });
}

function annotated(annotations: ToolAnnotations): ContractSnapshot {
  return searchTaking({}, [], { annotations });
}

function withPromptArguments(...args: Array<{ name: string; required?: boolean; description?: string }>): ContractSnapshot {
  return contract({ prompts: [{ name: "summarize", arguments: args }] });
}

interface Row {
  description: string;
  previous: ContractSnapshot;
  next: ContractSnapshot;
  kinds: ChangeKind[];
  message: string;
}

const rows: Row[] = [
  // tools, prompts, resources as a whole
  { description: "tool removed", previous: searchTaking({}), next: EMPTY, kinds: ["breaking"], message: 'tool "search" was removed' },
  { description: "tool added", previous: EMPTY, next: searchTaking({}), kinds: ["compatible"], message: 'tool "search" was added' },
  {
    description: "tool description changed",
    previous: searchTaking({}, [], { description: "Find things" }),
    next: searchTaking({}, [], { description: "Find anything" }),
    kinds: ["cosmetic"],
    message: 'tool "search": description changed',
  },
  {
    description: "tool title changed",
    previous: searchTaking({}, [], { title: "Search" }),
    next: searchTaking({}, [], { title: "Search everything" }),
    kinds: ["cosmetic"],
    message: 'tool "search": title changed',
  },
  // required and optional arguments
  {
    description: "existing argument becomes required",
    previous: limit({ type: "integer" }),
    next: limit({ type: "integer" }, true),
    kinds: ["breaking"],
    message: 'tool "search": argument "limit" is now required',
  },
  {
    description: "new required argument",
    previous: searchTaking({}),
    next: searchTaking({ query: { type: "string" } }, ["query"]),
    kinds: ["breaking"],
    message: 'tool "search": new required argument "query"',
  },
  {
    description: "new optional argument",
    previous: searchTaking({}),
    next: searchTaking({ lang: { type: "string" } }),
    kinds: ["compatible"],
    message: 'new optional argument "lang"',
  },
  {
    description: "required argument becomes optional",
    previous: limit({ type: "integer" }, true),
    next: limit({ type: "integer" }),
    kinds: ["compatible"],
    message: 'argument "limit" is now optional',
  },
  {
    description: "argument removed",
    previous: limit({ type: "integer" }),
    next: searchTaking({}),
    kinds: ["breaking"],
    message: 'argument "limit" was removed',
  },
  // types
  {
    description: "type union narrowed to one type",
    previous: limit({ type: ["string", "number"] }),
    next: limit({ type: "string" }),
    kinds: ["breaking"],
    message: 'argument "limit" type narrowed from number | string to string',
  },
  {
    description: "number narrowed to integer",
    previous: limit({ type: "number" }),
    next: limit({ type: "integer" }),
    kinds: ["breaking"],
    message: "type narrowed from number to integer",
  },
  {
    description: "type changed to another",
    previous: limit({ type: "string" }),
    next: limit({ type: "number" }),
    kinds: ["breaking"],
    message: "type changed from string to number",
  },
  {
    description: "integer widened to number",
    previous: limit({ type: "integer" }),
    next: limit({ type: "number" }),
    kinds: ["compatible"],
    message: "type widened from integer to number",
  },
  {
    description: "null now accepted",
    previous: limit({ type: "string" }),
    next: limit({ type: ["string", "null"] }),
    kinds: ["compatible"],
    message: "type widened from string to null | string",
  },
  // enums
  {
    description: "enum value removed",
    previous: limit({ type: "string", enum: ["fast", "slow"] }),
    next: limit({ type: "string", enum: ["fast"] }),
    kinds: ["breaking"],
    message: 'argument "limit" no longer allows "slow"',
  },
  {
    description: "enum value added",
    previous: limit({ type: "string", enum: ["fast"] }),
    next: limit({ type: "string", enum: ["fast", "turbo"] }),
    kinds: ["compatible"],
    message: 'now also allows "turbo"',
  },
  {
    description: "free text restricted to an enum",
    previous: limit({ type: "string" }),
    next: limit({ type: "string", enum: ["a", "b"] }),
    kinds: ["breaking"],
    message: 'now only allows "a", "b"',
  },
  {
    description: "const changed",
    previous: limit({ const: "v1" }),
    next: limit({ const: "v2" }),
    kinds: ["breaking", "compatible"],
    message: 'no longer allows "v1"',
  },
  // constraints
  {
    description: "minimum raised",
    previous: limit({ type: "integer", minimum: 0 }),
    next: limit({ type: "integer", minimum: 1 }),
    kinds: ["breaking"],
    message: "minimum raised from 0 to 1",
  },
  {
    description: "maximum lowered",
    previous: limit({ type: "integer", maximum: 100 }),
    next: limit({ type: "integer", maximum: 50 }),
    kinds: ["breaking"],
    message: "maximum lowered from 100 to 50",
  },
  {
    description: "maximum raised",
    previous: limit({ type: "integer", maximum: 50 }),
    next: limit({ type: "integer", maximum: 100 }),
    kinds: ["compatible"],
    message: "maximum raised from 50 to 100",
  },
  {
    description: "maximum added",
    previous: limit({ type: "integer" }),
    next: limit({ type: "integer", maximum: 10 }),
    kinds: ["breaking"],
    message: "maximum of 10 added",
  },
  {
    description: "maxLength lowered",
    previous: limit({ type: "string", maxLength: 64 }),
    next: limit({ type: "string", maxLength: 32 }),
    kinds: ["breaking"],
    message: "maxLength lowered from 64 to 32",
  },
  {
    description: "minLength raised",
    previous: limit({ type: "string", minLength: 1 }),
    next: limit({ type: "string", minLength: 3 }),
    kinds: ["breaking"],
    message: "minLength raised from 1 to 3",
  },
  {
    description: "minLength removed",
    previous: limit({ type: "string", minLength: 3 }),
    next: limit({ type: "string" }),
    kinds: ["compatible"],
    message: "minLength of 3 removed",
  },
  {
    description: "pattern added",
    previous: limit({ type: "string" }),
    next: limit({ type: "string", pattern: "^[a-z]+$" }),
    kinds: ["breaking"],
    message: 'pattern "^[a-z]+$" added',
  },
  {
    description: "pattern changed",
    previous: limit({ type: "string", pattern: "^[a-z]+$" }),
    next: limit({ type: "string", pattern: "^[a-z0-9]+$" }),
    kinds: ["breaking"],
    message: 'pattern changed from "^[a-z]+$" to "^[a-z0-9]+$"',
  },
  {
    description: "pattern removed",
    previous: limit({ type: "string", pattern: "^[a-z]+$" }),
    next: limit({ type: "string" }),
    kinds: ["compatible"],
    message: 'pattern "^[a-z]+$" removed',
  },
  {
    description: "items must now be unique",
    previous: limit({ type: "array" }),
    next: limit({ type: "array", uniqueItems: true }),
    kinds: ["breaking"],
    message: "now requires unique items",
  },
  {
    description: "additionalProperties true to false",
    previous: searchWith(objectOf({}, [], { additionalProperties: true })),
    next: searchWith(objectOf({}, [], { additionalProperties: false })),
    kinds: ["breaking"],
    message: 'tool "search": input schema no longer allows additional properties',
  },
  {
    description: "additionalProperties false to absent",
    previous: searchWith(objectOf({}, [], { additionalProperties: false })),
    next: searchWith(objectOf({})),
    kinds: ["compatible"],
    message: "now allows additional properties of any shape",
  },
  {
    description: "additionalProperties schema narrowed",
    previous: limit({ type: "object", additionalProperties: { type: "number" } }),
    next: limit({ type: "object", additionalProperties: { type: "integer" } }),
    kinds: ["breaking"],
    message: 'argument "limit.*" type narrowed from number to integer',
  },
  // nesting
  {
    description: "nested object gains a required property",
    previous: searchTaking({ filter: objectOf({}) }),
    next: searchTaking({ filter: objectOf({ since: { type: "string" } }, ["since"]) }),
    kinds: ["breaking"],
    message: 'new required argument "filter.since"',
  },
  {
    description: "deeply nested type narrowed",
    previous: searchTaking({ filter: objectOf({ range: objectOf({ from: { type: "number" } }) }) }),
    next: searchTaking({ filter: objectOf({ range: objectOf({ from: { type: "integer" } }) }) }),
    kinds: ["breaking"],
    message: 'argument "filter.range.from" type narrowed',
  },
  {
    description: "array items narrowed",
    previous: searchTaking({ tags: { type: "array", items: { type: ["string", "number"] } } }),
    next: searchTaking({ tags: { type: "array", items: { type: "string" } } }),
    kinds: ["breaking"],
    message: 'argument "tags[]" type narrowed',
  },
  {
    description: "array items of objects gain an optional property",
    previous: searchTaking({ sort: { type: "array", items: objectOf({ field: { type: "string" } }, ["field"]) } }),
    next: searchTaking({
      sort: { type: "array", items: objectOf({ field: { type: "string" }, order: { enum: ["asc", "desc"] } }, ["field"]) },
    }),
    kinds: ["compatible"],
    message: 'new optional argument "sort[].order"',
  },
  {
    description: "argument description changed",
    previous: limit({ type: "integer", description: "How many" }),
    next: limit({ type: "integer", description: "How many results" }),
    kinds: ["cosmetic"],
    message: 'argument "limit" description changed',
  },
  {
    description: "argument default changed",
    previous: limit({ type: "integer", default: 10 }),
    next: limit({ type: "integer", default: 20 }),
    kinds: ["compatible"],
    message: "default changed from 10 to 20",
  },
  {
    description: "nullable anyOf loses null",
    previous: limit({ anyOf: [{ type: "string" }, { type: "null" }] }),
    next: limit({ type: "string" }),
    kinds: ["breaking"],
    message: 'argument "limit" type narrowed from null | string to string',
  },
  {
    description: "argument made nullable the pydantic way",
    previous: limit({ type: "integer", minimum: 1 }),
    next: limit({ anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }], default: null }),
    kinds: ["compatible", "compatible"],
    message: "type widened from integer to integer | null",
  },
  {
    description: "nullable enum loses a value",
    previous: limit({ anyOf: [{ enum: ["a", "b"], type: "string" }, { type: "null" }] }),
    next: limit({ anyOf: [{ enum: ["a"], type: "string" }, { type: "null" }] }),
    kinds: ["breaking"],
    message: 'no longer allows "b"',
  },
  {
    description: "anyOf option removed",
    previous: limit({ anyOf: [{ type: "string", format: "date" }, { type: "integer" }] }),
    next: limit({ anyOf: [{ type: "string", format: "date" }] }),
    kinds: ["breaking"],
    message: 'anyOf option {"type":"integer"} removed',
  },
  {
    description: "a keyword the check does not classify",
    previous: limit({ type: "string", not: { const: "" } }),
    next: limit({ type: "string", not: { const: "none" } }),
    kinds: ["breaking"],
    message: "not changed, which is not checked automatically",
  },
  // $ref
  {
    description: "local $ref target narrowed",
    previous: searchWith(objectOf({ when: { $ref: "#/$defs/Date" } }, [], { $defs: { Date: { type: "string" } } })),
    next: searchWith(objectOf({ when: { $ref: "#/$defs/Date" } }, [], { $defs: { Date: { type: "string", format: "date" } } })),
    kinds: ["breaking"],
    message: 'argument "when" format "date" added',
  },
  {
    description: "external $ref changed",
    previous: limit({ $ref: "https://example.com/v1/limit.json" }),
    next: limit({ $ref: "https://example.com/v2/limit.json" }),
    kinds: ["breaking"],
    message: "now refers to https://example.com/v2/limit.json instead of https://example.com/v1/limit.json",
  },
  // output, checked the other way round
  {
    description: "output field removed",
    previous: returning(objectOf({ total: { type: "integer" } }, ["total"])),
    next: returning(objectOf({})),
    kinds: ["breaking"],
    message: 'output field "total" was removed',
  },
  {
    description: "output field widened",
    previous: returning(objectOf({ total: { type: "integer" } })),
    next: returning(objectOf({ total: { type: "number" } })),
    kinds: ["breaking"],
    message: 'output field "total" type widened from integer to number',
  },
  {
    description: "output field narrowed",
    previous: returning(objectOf({ total: { type: "number" } })),
    next: returning(objectOf({ total: { type: "integer" } })),
    kinds: ["compatible"],
    message: 'output field "total" type narrowed',
  },
  {
    description: "output field added",
    previous: returning(objectOf({})),
    next: returning(objectOf({ cursor: { type: "string" } })),
    kinds: ["compatible"],
    message: 'new output field "cursor"',
  },
  {
    description: "output field no longer always present",
    previous: returning(objectOf({ total: { type: "integer" } }, ["total"])),
    next: returning(objectOf({ total: { type: "integer" } })),
    kinds: ["breaking"],
    message: 'output field "total" is now optional',
  },
  {
    description: "output enum gains a value",
    previous: returning(objectOf({ status: { enum: ["ok", "error"] } })),
    next: returning(objectOf({ status: { enum: ["ok", "error", "partial"] } })),
    kinds: ["breaking"],
    message: 'output field "status" now also allows "partial"',
  },
  {
    description: "output schema dropped",
    previous: returning(objectOf({})),
    next: returning(undefined),
    kinds: ["breaking"],
    message: 'tool "search" no longer declares an output schema',
  },
  {
    description: "output schema declared",
    previous: returning(undefined),
    next: returning(objectOf({})),
    kinds: ["compatible"],
    message: 'tool "search" now declares an output schema',
  },
  // annotations
  {
    description: "read-only tool becomes writable",
    previous: annotated({ readOnlyHint: true }),
    next: annotated({ readOnlyHint: false }),
    kinds: ["breaking"],
    message: 'tool "search" is no longer marked read-only',
  },
  {
    description: "tool becomes read-only",
    previous: annotated({}),
    next: annotated({ readOnlyHint: true }),
    kinds: ["compatible"],
    message: "is now marked read-only",
  },
  {
    description: "destructive hint appears",
    previous: annotated({ readOnlyHint: false }),
    next: annotated({ readOnlyHint: false, destructiveHint: true }),
    kinds: ["breaking"],
    message: 'tool "search" is now marked destructive',
  },
  {
    description: "destructive hint cleared",
    previous: annotated({ destructiveHint: true }),
    next: annotated({ destructiveHint: false }),
    kinds: ["compatible"],
    message: "is no longer marked destructive",
  },
  {
    description: "idempotent hint lost",
    previous: annotated({ idempotentHint: true }),
    next: annotated({ idempotentHint: false }),
    kinds: ["breaking"],
    message: "is no longer marked idempotent",
  },
  {
    description: "annotation title changed",
    previous: annotated({ title: "Search" }),
    next: annotated({ title: "Find" }),
    kinds: ["cosmetic"],
    message: "annotation title changed",
  },
  // prompts
  {
    description: "prompt removed",
    previous: withPromptArguments(),
    next: EMPTY,
    kinds: ["breaking"],
    message: 'prompt "summarize" was removed',
  },
  { description: "prompt added", previous: EMPTY, next: withPromptArguments(), kinds: ["compatible"], message: 'prompt "summarize" was added' },
  {
    description: "prompt argument becomes required",
    previous: withPromptArguments({ name: "topic" }),
    next: withPromptArguments({ name: "topic", required: true }),
    kinds: ["breaking"],
    message: 'prompt "summarize": argument "topic" is now required',
  },
  {
    description: "new required prompt argument",
    previous: withPromptArguments(),
    next: withPromptArguments({ name: "style", required: true }),
    kinds: ["breaking"],
    message: 'prompt "summarize": new required argument "style"',
  },
  {
    description: "new optional prompt argument",
    previous: withPromptArguments(),
    next: withPromptArguments({ name: "style" }),
    kinds: ["compatible"],
    message: 'new optional argument "style"',
  },
  {
    description: "prompt argument removed",
    previous: withPromptArguments({ name: "topic" }),
    next: withPromptArguments(),
    kinds: ["breaking"],
    message: 'argument "topic" was removed',
  },
  {
    description: "prompt argument description changed",
    previous: withPromptArguments({ name: "topic", description: "What" }),
    next: withPromptArguments({ name: "topic", description: "What to summarize" }),
    kinds: ["cosmetic"],
    message: 'prompt "summarize": argument "topic": description changed',
  },
  // resources and templates
  {
    description: "resource removed",
    previous: contract({ resources: [{ uri: "file:///readme", name: "readme" }] }),
    next: EMPTY,
    kinds: ["breaking"],
    message: 'resource "file:///readme" was removed',
  },
  {
    description: "resource MIME type changed",
    previous: contract({ resources: [{ uri: "file:///readme", name: "readme", mimeType: "text/plain" }] }),
    next: contract({ resources: [{ uri: "file:///readme", name: "readme", mimeType: "text/markdown" }] }),
    kinds: ["breaking"],
    message: "MIME type changed from text/plain to text/markdown",
  },
  {
    description: "resource renamed",
    previous: contract({ resources: [{ uri: "file:///readme", name: "readme" }] }),
    next: contract({ resources: [{ uri: "file:///readme", name: "README" }] }),
    kinds: ["cosmetic"],
    message: 'resource "file:///readme": name changed',
  },
  {
    description: "resource template removed",
    previous: contract({ resourceTemplates: [{ uriTemplate: "users://{id}", name: "user" }] }),
    next: EMPTY,
    kinds: ["breaking"],
    message: 'resource template "users://{id}" was removed',
  },
  {
    description: "resource template added",
    previous: EMPTY,
    next: contract({ resourceTemplates: [{ uriTemplate: "users://{id}", name: "user" }] }),
    kinds: ["compatible"],
    message: 'resource template "users://{id}" was added',
  },
  // environment
  {
    description: "new required secret",
    previous: EMPTY,
    next: contract({ requiredEnvironment: [{ name: "API_TOKEN", isSecret: true }] }),
    kinds: ["breaking"],
    message: 'new required secret "API_TOKEN"',
  },
  {
    description: "new required environment variable",
    previous: EMPTY,
    next: contract({ requiredEnvironment: [{ name: "REGION", isSecret: false }] }),
    kinds: ["breaking"],
    message: 'new required environment variable "REGION"',
  },
  {
    description: "required secret dropped",
    previous: contract({ requiredEnvironment: [{ name: "API_TOKEN", isSecret: true }] }),
    next: EMPTY,
    kinds: ["compatible"],
    message: 'secret "API_TOKEN" is no longer required',
  },
];

describe("diffContracts", () => {
  it.each(rows)("$description", ({ previous, next, kinds, message }) => {
    const changes = diffContracts(previous, next);
    expect(changes.map((change) => change.kind).sort()).toEqual([...kinds].sort());
    expect(changes.map((change) => change.message)).toContainEqual(expect.stringContaining(message));
  });

  it("points at the argument that became required", () => {
    const [change] = diffContracts(limit({ type: "integer" }), limit({ type: "integer" }, true));
    expect(change).toEqual({
      kind: "breaking",
      path: "tools.search.inputSchema.properties.limit",
      message: 'tool "search": argument "limit" is now required',
    });
  });

  it("points at the keyword of a tightened constraint", () => {
    const [change] = diffContracts(limit({ type: "integer", maximum: 100 }), limit({ type: "integer", maximum: 50 }));
    expect(change?.path).toBe("tools.search.inputSchema.properties.limit.maximum");
  });

  it("finds nothing between a contract and a reordered copy of itself", () => {
    const previous = contract({
      tools: [
        { name: "b", inputSchema: objectOf({ x: { type: "string" }, y: { type: "integer" } }, ["x", "y"]) },
        { name: "a", inputSchema: objectOf({}), annotations: { readOnlyHint: true } },
      ],
      prompts: [{ name: "p", arguments: [{ name: "two" }, { name: "one", required: true }] }],
      requiredEnvironment: [{ name: "B", isSecret: true }, { name: "A", isSecret: false }],
    });
    const next = contract({
      tools: [
        { annotations: { readOnlyHint: true }, inputSchema: objectOf({}), name: "a" },
        { name: "b", inputSchema: { required: ["y", "x"], properties: { y: { type: "integer" }, x: { type: "string" } }, type: "object" } },
      ],
      prompts: [{ name: "p", arguments: [{ name: "one", required: true }, { name: "two" }] }],
      requiredEnvironment: [{ name: "A", isSecret: false }, { name: "B", isSecret: true }],
    });
    expect(diffContracts(previous, next)).toEqual([]);
  });

  it("walks a recursive $ref once and still sees a change inside it", () => {
    const tree = (leafType: string): ContractSnapshot =>
      contract({
        tools: [
          {
            name: "plant",
            inputSchema: objectOf({ root: { $ref: "#/$defs/Node" } }, ["root"], {
              $defs: { Node: objectOf({ value: { type: leafType }, children: { type: "array", items: { $ref: "#/$defs/Node" } } }) },
            }),
          },
        ],
      });
    expect(diffContracts(tree("number"), tree("number"))).toEqual([]);
    const changes = diffContracts(tree("number"), tree("integer"));
    expect(changes.map((change) => change.message)).toEqual(['tool "plant": argument "root.value" type narrowed from number to integer']);
  });

  it("reports several changes to one tool together", () => {
    const changes = diffContracts(
      searchTaking({ query: { type: "string" }, limit: { type: "integer" } }, ["query"], { description: "old" }),
      searchTaking({ query: { type: "string" }, page: { type: "integer" } }, ["query", "page"], { description: "new" }),
    );
    expect(changes.map((change) => [change.kind, change.message])).toEqual([
      ["cosmetic", 'tool "search": description changed'],
      ["breaking", 'tool "search": argument "limit" was removed'],
      ["breaking", 'tool "search": new required argument "page"'],
    ]);
  });
});
