import { describe, expect, it } from "vitest";
import type { CaseDefinition } from "../../cases/case.ts";
import { CASES } from "../../cases/index.ts";
import { findCase, findScenario, scenariosOf, summarizeCase } from "./case-catalog.ts";

const sample: CaseDefinition = {
  id: "desk",
  title: "Desk",
  summary: "A desk.",
  agent: { id: "desk-agent", version: "1.0.0", instructions: "Help.", model: { provider: "scripted", script: "desk" }, deployments: ["desk"] },
  scripts: [],
  evals: {
    agent: "desk-agent",
    cases: [
      { id: "look", description: "Looks it up.", conversation: [{ user: "Where is 1?" }], checks: [{ type: "first_tool", tool: "lookup" }] },
      { id: "refund", conversation: [{ user: "Refund 1" }, { confirm: "accept", tool: "refund" }], checks: [{ type: "tool_called", tool: "refund" }, { type: "no_tool_errors" }] },
    ],
  },
  deployments: [{ name: "desk", manifest: () => ({ name: "io.example/desk", description: "d", version: "1.0.0" }) as never }],
  goldenDir: "x",
  docs: "cases/desk/README.md",
};

describe("case catalog", () => {
  it("summarizes a case: its agent, deployments, components and scenario count", () => {
    expect(summarizeCase(sample, "/root")).toEqual({
      id: "desk",
      title: "Desk",
      summary: "A desk.",
      agent: "desk-agent",
      deployments: ["desk"],
      components: ["io.example/desk"],
      docs: "cases/desk/README.md",
      scenarios: 2,
    });
  });

  it("lists scenarios with the tools the user confirms and the checks as labels", () => {
    expect(scenariosOf(sample)).toEqual([
      { id: "look", description: "Looks it up.", conversation: [{ user: "Where is 1?" }], confirms: [], checks: ["calls lookup first"] },
      { id: "refund", description: null, conversation: [{ user: "Refund 1" }, { confirm: "accept", tool: "refund" }], confirms: ["refund"], checks: ["calls refund", "no tool errors"] },
    ]);
  });

  it("an unknown case or scenario is NOT_FOUND, naming the ones there are", () => {
    expect(() => findCase("nope", [sample])).toThrow(/no case "nope"; the cases are desk/);
    expect(() => findScenario(sample, "nope")).toThrow(/has no scenario "nope"; it has look, refund/);
    expect(findScenario(sample, "refund").conversation).toHaveLength(2);
  });

  it("every case of the gallery has valid evals and a scenario with an order lookup", () => {
    for (const c of CASES) expect(scenariosOf(c).length).toBeGreaterThan(0);
    expect(findCase("customer-service").id).toBe("customer-service");
  });
});
