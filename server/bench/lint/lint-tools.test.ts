import { describe, expect, it } from "vitest";
import { MANY_TOOLS, lintTools } from "./lint-tools.ts";

const ok = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `Does ${name}.`,
  inputSchema: { type: "object", properties: { city: { type: "string", description: "City name" } } },
  ...extra,
});
const rules = (tools: unknown[]) => lintTools(tools).map((f) => `${f.rule}${f.tool ? ` ${f.tool}` : ""}`);

describe("lintTools", () => {
  it("finds nothing in a clean list", () => {
    expect(lintTools([ok("get_weather"), ok("search.web", { annotations: { readOnlyHint: true, openWorldHint: true } })])).toEqual([]);
  });

  it("flags missing and invalid input schemas, and schemas that are not objects", () => {
    expect(rules([ok("a", { inputSchema: undefined }), ok("b", { inputSchema: { type: "objekt" } }), ok("c", { inputSchema: { type: "string" } }), ok("d", { outputSchema: { type: "object", required: "x" } })])).toEqual([
      "input-schema-missing a",
      "input-schema-invalid b",
      "input-schema-not-object c",
      "output-schema-invalid d",
    ]);
  });

  it("flags missing descriptions, of the tool and of its arguments", () => {
    const findings = lintTools([{ name: "bare", inputSchema: { type: "object", properties: { q: { type: "string" }, n: { type: "number", title: "Count" } } } }]);
    expect(findings.map((f) => f.rule)).toEqual(["description-missing", "argument-description-missing"]);
    expect(findings[1]!.message).toBe("argument without a description: q");
  });

  it("flags duplicate, missing and badly formed names, with a suggested name", () => {
    const findings = lintTools([ok("twice"), ok("twice"), ok("has space/slash"), ok("x".repeat(129)), { inputSchema: { type: "object" }, description: "d" }]);
    expect(findings.map((f) => f.rule).sort()).toEqual(["name-duplicate", "name-format", "name-format", "name-missing"]);
    const format = findings.find((f) => f.tool === "has space/slash")!;
    expect(format.message).toContain('" /"');
    expect(format.fix).toContain('"has_space_slash"');
    expect(findings.find((f) => f.rule === "name-duplicate")!.message).toBe('2 tools are named "twice"');
  });

  it("flags annotation hints that contradict each other", () => {
    expect(rules([ok("r", { annotations: { readOnlyHint: true, destructiveHint: true } }), ok("i", { annotations: { readOnlyHint: true, idempotentHint: false } }), ok("w", { annotations: { readOnlyHint: false, destructiveHint: true } })])).toEqual([
      "hints-contradict r",
      "hints-contradict i",
    ]);
  });

  it("flags oversized tool lists, by count and by bytes", () => {
    expect(rules(Array.from({ length: MANY_TOOLS }, (_, i) => ok(`t${i}`)))).toEqual([]);
    expect(rules(Array.from({ length: MANY_TOOLS + 1 }, (_, i) => ok(`t${i}`)))).toEqual(["too-many-tools"]);
    expect(rules([ok("big", { description: "x".repeat(70_000) })])).toEqual(["tool-list-too-large"]);
  });

  it("gives every finding a reason and a fix, errors first", () => {
    const findings = lintTools([{ name: "bad name" }, ok("r", { annotations: { readOnlyHint: true, idempotentHint: false } })]);
    expect(findings.map((f) => f.severity)).toEqual(["error", "warning", "warning", "info"]);
    for (const f of findings) {
      expect(f.reason.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(5);
    }
  });
});
