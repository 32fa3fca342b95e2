import { describe, expect, it } from "vitest";
import { annotationBadges, readTools } from "./read-tools.ts";

describe("readTools", () => {
  it("reads good tools without problems", () => {
    const [tool] = readTools([
      { name: "get-sum", title: "Get Sum Tool", description: "Returns the sum", inputSchema: { type: "object", properties: { a: { type: "number" } } }, annotations: { readOnlyHint: true } },
    ]);
    expect(tool).toMatchObject({ name: "get-sum", title: "Get Sum Tool", problems: [], annotations: { readOnlyHint: true } });
  });

  it("keeps a tool with a broken schema in the list, naming what is wrong, and the others intact", () => {
    const tools = readTools([
      { name: "broken", inputSchema: { type: "object", properties: { a: { type: "strnig" } } } },
      { name: "no-object", inputSchema: { type: "string" } },
      { name: "bad-output", inputSchema: { type: "object" }, outputSchema: { type: "object", required: "x" } },
      { inputSchema: { type: "object" } },
      { name: "fine", inputSchema: { type: "object" } },
    ]);
    expect(tools.map((t) => t.name)).toEqual(["broken", "no-object", "bad-output", "(unnamed tool #4)", "fine"]);
    expect(tools[0]!.problems).toEqual([expect.stringMatching(/^inputSchema is not valid JSON Schema: schema is invalid: data\/properties\/a\/type/)]);
    expect(tools[1]!.problems).toEqual([expect.stringContaining("inputSchema.type")]);
    expect(tools[2]!.problems).toEqual(["outputSchema.required: Invalid input: expected array, received string", "outputSchema is not valid JSON Schema: schema is invalid: data/required must be array"]);
    expect(tools[3]!.problems).toEqual([expect.stringContaining("name")]);
    expect(tools[4]!.problems).toEqual([]);
  });
});

describe("annotationBadges", () => {
  it("shows only the hints a tool states", () => {
    expect(annotationBadges(undefined)).toEqual([]);
    expect(annotationBadges({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }).map((b) => b.label)).toEqual(["read-only", "idempotent", "closed world"]);
    expect(annotationBadges({ destructiveHint: true, openWorldHint: true }).map((b) => [b.label, b.tone])).toEqual([
      ["destructive", "risky"],
      ["open world", "neutral"],
    ]);
  });
});
