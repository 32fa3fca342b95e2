import { describe, expect, it } from "vitest";
import { checkOutput } from "./output-check.ts";
import { schemaProblem, validateWithSchema } from "./schema-validator.ts";

const weather = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { temperature: { type: "number" }, conditions: { type: "string" }, humidity: { type: "number" } },
  required: ["temperature", "conditions", "humidity"],
  additionalProperties: false,
};

describe("checkOutput", () => {
  it("passes structuredContent that matches the outputSchema", () => {
    expect(checkOutput(weather, { structuredContent: { temperature: 33, conditions: "Cloudy", humidity: 82 } })).toEqual({ status: "valid" });
  });

  it("lists every mismatch with its path", () => {
    expect(checkOutput(weather, { structuredContent: { temperature: "hot", conditions: "Cloudy", extra: 1 } })).toEqual({
      status: "invalid",
      issues: [
        { path: "/humidity", message: "is required" },
        { path: "/extra", message: "is not allowed by the schema" },
        { path: "/temperature", message: "must be number" },
      ],
    });
  });

  it("reports a missing structuredContent, but not for an error result", () => {
    expect(checkOutput(weather, { structuredContent: undefined })).toMatchObject({ status: "missing" });
    expect(checkOutput(weather, { isError: true })).toEqual({ status: "error-result" });
  });

  it("has nothing to check without an outputSchema", () => {
    expect(checkOutput(undefined, { structuredContent: { a: 1 } })).toEqual({ status: "no-schema" });
  });

  it("reports an outputSchema that does not compile instead of throwing", () => {
    expect(checkOutput({ type: "object", properties: { a: { $ref: "#/$defs/nowhere" } } }, { structuredContent: { a: 1 } })).toMatchObject({
      status: "bad-schema",
      message: expect.stringContaining("can't resolve reference #/$defs/nowhere"),
    });
  });
});

describe("validateWithSchema", () => {
  it("reads a schema without $schema as 2020-12 (prefixItems), and a draft-07 one as draft-07 (items array)", () => {
    expect(validateWithSchema({ type: "array", prefixItems: [{ type: "string" }], items: false }, ["a", "b"])).toMatchObject({ ok: false });
    expect(validateWithSchema({ $schema: "http://json-schema.org/draft-07/schema#", type: "array", items: [{ type: "string" }], additionalItems: false }, ["a", 1])).toMatchObject({ ok: false });
    expect(validateWithSchema({ $schema: "http://json-schema.org/draft-07/schema#", type: "array", items: [{ type: "string" }] }, ["a", 1])).toEqual({ ok: true });
  });

  it("refuses a schema that is not an object", () => {
    expect(validateWithSchema("string", 1)).toEqual({ ok: false, badSchema: "the schema is not a JSON object" });
  });
});

describe("schemaProblem", () => {
  it("finds what makes a schema invalid JSON Schema, and passes good ones of either draft", () => {
    expect(schemaProblem({ type: "strnig" })).toContain("data/type must be equal to one of the allowed values");
    expect(schemaProblem({ type: "object", required: "a" })).toContain("data/required must be array");
    expect(schemaProblem([])).toBe("the schema is not a JSON object");
    expect(schemaProblem({ type: "object", properties: { a: { type: "string" } } })).toBeUndefined();
    expect(schemaProblem({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" })).toBeUndefined();
    expect(schemaProblem({ $schema: "https://example.com/my-meta", type: "object" })).toBeUndefined();
  });
});
