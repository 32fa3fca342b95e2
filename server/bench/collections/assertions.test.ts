import { describe, expect, it } from "vitest";
import { type CaseOutcome, evaluateAssertion } from "./assertions.ts";
import { lookupPath } from "./json-path.ts";

const result: CaseOutcome = {
  kind: "result",
  latencyMs: 42,
  result: { content: [{ type: "text", text: "Echo: hi" }], structuredContent: { temperature: 33, conditions: "Cloudy" }, "odd key": [1, 2] },
};
const error: CaseOutcome = { kind: "error", latencyMs: 3, error: { code: -32601, message: "Method not found" } };
const outputSchema = { type: "object", properties: { temperature: { type: "number" }, conditions: { type: "string" } }, required: ["temperature", "conditions"] };

describe("json path", () => {
  it("reads names, quoted names and indexes, negative from the end", () => {
    expect(lookupPath(result.kind === "result" ? result.result : null, "$.content[0].text")).toEqual({ found: true, value: "Echo: hi" });
    expect(lookupPath({ "odd key": [1, 2] }, '$["odd key"][-1]')).toEqual({ found: true, value: 2 });
    expect(lookupPath({ a: 1 }, "$")).toEqual({ found: true, value: { a: 1 } });
    expect(lookupPath({ a: [] }, "$.a[0]")).toEqual({ found: false });
    expect(lookupPath({ a: 1 }, "$.a.b")).toEqual({ found: false });
    expect(() => lookupPath({}, "$..a")).toThrow(/cannot read/);
  });
});

describe("evaluateAssertion", () => {
  it("status: result vs error, and the error code", () => {
    expect(evaluateAssertion({ status: "result" }, result).passed).toBe(true);
    expect(evaluateAssertion({ status: "result" }, error)).toMatchObject({ passed: false, message: "expected a result, got error -32601: Method not found" });
    expect(evaluateAssertion({ status: "error", code: -32601 }, error).passed).toBe(true);
    expect(evaluateAssertion({ status: "error", code: -32602 }, error)).toMatchObject({ passed: false, message: expect.stringMatching(/expected error code -32602, got -32601/) });
    expect(evaluateAssertion({ status: "error" }, result).passed).toBe(false);
  });

  it("path equals: deep JSON equality, key order ignored; a missing path fails", () => {
    expect(evaluateAssertion({ path: "$.structuredContent", equals: { conditions: "Cloudy", temperature: 33 } }, result).passed).toBe(true);
    expect(evaluateAssertion({ path: "$.content[0].text", equals: "Echo: bye" }, result)).toMatchObject({ passed: false, message: '$.content[0].text is "Echo: hi"' });
    expect(evaluateAssertion({ path: "$.nothing", equals: 1 }, result)).toMatchObject({ passed: false, message: "$.nothing is missing in the result" });
    expect(evaluateAssertion({ path: "$.code", equals: -32601 }, error).passed).toBe(true);
  });

  it("path matches: a regex over a string", () => {
    expect(evaluateAssertion({ path: "$.content[0].text", matches: "^Echo: h" }, result).passed).toBe(true);
    expect(evaluateAssertion({ path: "$.content[0].text", matches: "^bye" }, result).passed).toBe(false);
    expect(evaluateAssertion({ path: "$.structuredContent.temperature", matches: "3" }, result)).toMatchObject({ passed: false, message: expect.stringMatching(/not a string/) });
  });

  it("schemaValid: structuredContent against outputSchema, or the result against a given schema", () => {
    expect(evaluateAssertion({ schemaValid: "outputSchema" }, result, { outputSchema }).passed).toBe(true);
    const wrong = { ...outputSchema, properties: { ...outputSchema.properties, temperature: { type: "string" } } };
    expect(evaluateAssertion({ schemaValid: "outputSchema" }, result, { outputSchema: wrong })).toMatchObject({ passed: false, message: "/temperature must be string" });
    expect(evaluateAssertion({ schemaValid: "outputSchema" }, result)).toMatchObject({ passed: false, message: expect.stringMatching(/declares no outputSchema/) });
    expect(evaluateAssertion({ schemaValid: { type: "object", required: ["content"] } }, result).passed).toBe(true);
    expect(evaluateAssertion({ schemaValid: { type: "object", required: ["tools"] } }, result)).toMatchObject({ passed: false, message: "/tools is required" });
    expect(evaluateAssertion({ schemaValid: { type: "nonsense" } }, result)).toMatchObject({ passed: false, message: expect.stringMatching(/not valid JSON Schema/) });
    expect(evaluateAssertion({ schemaValid: { type: "object" } }, error).passed).toBe(false);
  });

  it("latency budget", () => {
    expect(evaluateAssertion({ latencyMs: 42 }, result).passed).toBe(true);
    expect(evaluateAssertion({ latencyMs: 10 }, result)).toMatchObject({ passed: false, message: "took 42 ms" });
  });
});
