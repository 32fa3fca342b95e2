import { describe, expect, it } from "vitest";
import {
  contractSnapshotSchema,
  hashSnapshot,
  normalizeSnapshot,
  requiredEnvironmentOf,
  type ContractSnapshot,
} from "./snapshot.ts";

function sample(): ContractSnapshot {
  return {
    tools: [
      {
        name: "search",
        description: "Find documents",
        inputSchema: {
          type: "object",
          properties: { query: { type: "string" }, limit: { type: ["number", "null"], maximum: 50 } },
          required: ["query", "limit"],
        },
        annotations: { readOnlyHint: true },
      },
      { name: "delete", inputSchema: { type: "object", properties: { id: { type: "string" } } }, title: undefined },
    ],
    resources: [
      { uri: "file:///z", name: "z" },
      { uri: "file:///a", name: "a", mimeType: "text/plain" },
    ],
    resourceTemplates: [{ uriTemplate: "users://{id}", name: "user" }],
    prompts: [{ name: "summarize", arguments: [{ name: "style" }, { name: "topic", required: true }] }],
    requiredEnvironment: [
      { name: "REGION", isSecret: false },
      { name: "API_TOKEN", isSecret: true },
    ],
  };
}

/** The same contract written in a different order, as another run of the probe might list it. */
function reordered(): ContractSnapshot {
  return {
    requiredEnvironment: [
      { isSecret: true, name: "API_TOKEN" },
      { isSecret: false, name: "REGION" },
    ],
    prompts: [{ arguments: [{ required: true, name: "topic" }, { name: "style" }], name: "summarize" }],
    resourceTemplates: [{ name: "user", uriTemplate: "users://{id}" }],
    resources: [
      { mimeType: "text/plain", name: "a", uri: "file:///a" },
      { name: "z", uri: "file:///z" },
    ],
    tools: [
      { inputSchema: { properties: { id: { type: "string" } }, type: "object" }, name: "delete" },
      {
        annotations: { readOnlyHint: true },
        inputSchema: {
          required: ["limit", "query"],
          properties: { limit: { maximum: 50, type: ["null", "number"] }, query: { type: "string" } },
          type: "object",
        },
        description: "Find documents",
        name: "search",
      },
    ],
  };
}

describe("normalizeSnapshot", () => {
  it("sorts lists by name or URI, sorts keys and drops undefined members", () => {
    const normalized = normalizeSnapshot(sample());
    expect(normalized.tools.map((tool) => tool.name)).toEqual(["delete", "search"]);
    expect(normalized.resources.map((resource) => resource.uri)).toEqual(["file:///a", "file:///z"]);
    expect(normalized.prompts[0]?.arguments.map((argument) => argument.name)).toEqual(["style", "topic"]);
    expect(normalized.requiredEnvironment.map((variable) => variable.name)).toEqual(["API_TOKEN", "REGION"]);
    expect(Object.keys(normalized.tools[0]!)).toEqual(["inputSchema", "name"]);
    expect(Object.keys(normalized.tools[1]!.inputSchema)).toEqual(["properties", "required", "type"]);
  });

  it("sorts the required and type lists of schemas, which are sets", () => {
    const search = normalizeSnapshot(sample()).tools[1]!;
    expect(search.inputSchema.required).toEqual(["limit", "query"]);
    expect((search.inputSchema.properties as Record<string, { type: unknown }>).limit?.type).toEqual(["null", "number"]);
  });

  it("does not change its input", () => {
    const snapshot = sample();
    normalizeSnapshot(snapshot);
    expect(snapshot).toEqual(sample());
  });

  it("keeps a property named __proto__ as a property", () => {
    const snapshot = sample();
    snapshot.tools[0]!.inputSchema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}');
    const search = normalizeSnapshot(snapshot).tools.find((tool) => tool.name === "search");
    const properties = search?.inputSchema.properties as object;
    expect(Object.keys(properties)).toEqual(["__proto__"]);
  });
});

describe("hashSnapshot", () => {
  it("is a SHA-256 hex digest", () => {
    expect(hashSnapshot(sample())).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on key or list order", () => {
    expect(hashSnapshot(reordered())).toBe(hashSnapshot(sample()));
  });

  it("changes when a description changes", () => {
    const changed = sample();
    changed.tools[0]!.description = "Find documents fast";
    expect(hashSnapshot(changed)).not.toBe(hashSnapshot(sample()));
  });

  it("changes when a schema changes", () => {
    const changed = sample();
    changed.tools[0]!.inputSchema.required = ["query"];
    expect(hashSnapshot(changed)).not.toBe(hashSnapshot(sample()));
  });
});

describe("contractSnapshotSchema", () => {
  it("reads back a stored snapshot", () => {
    const stored = JSON.parse(JSON.stringify(normalizeSnapshot(sample())));
    const read = contractSnapshotSchema.parse(stored);
    expect(hashSnapshot(read)).toBe(hashSnapshot(sample()));
  });

  it.each([
    ["a tool without a name", { ...normalizeSnapshot(sample()), tools: [{ inputSchema: {} }] }, ["tools", 0, "name"]],
    ["a schema that is not an object", { ...normalizeSnapshot(sample()), tools: [{ name: "x", inputSchema: "object" }] }, ["tools", 0, "inputSchema"]],
    ["a missing list", { tools: [], resources: [], resourceTemplates: [], prompts: [] }, ["requiredEnvironment"]],
  ])("rejects %s with its path", (_, stored, path) => {
    const result = contractSnapshotSchema.safeParse(stored);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });
});

describe("requiredEnvironmentOf", () => {
  it("lists required variables without a default, marking secrets", () => {
    const required = requiredEnvironmentOf({
      registryType: "npm",
      identifier: "@acme/weather",
      transport: { type: "stdio" },
      environmentVariables: [
        { name: "API_TOKEN", isRequired: true, isSecret: true },
        { name: "REGION", isRequired: true },
        { name: "UNITS", isRequired: true, default: "metric" },
        { name: "DEBUG" },
      ],
    });
    expect(required).toEqual([
      { name: "API_TOKEN", isSecret: true },
      { name: "REGION", isSecret: false },
    ]);
  });
});

describe("contractSnapshotSchema", () => {
  it("reads a prompt that leaves out its optional arguments as one with none", () => {
    const parsed = contractSnapshotSchema.parse({ tools: [], resources: [], resourceTemplates: [], prompts: [{ name: "simple" }], requiredEnvironment: [] });
    expect(parsed.prompts).toEqual([{ name: "simple", arguments: [] }]);
  });
});
