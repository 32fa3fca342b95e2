import { describe, expect, it } from "vitest";
import { a2aRulesSchema, expose, parseRules, rulesProblems } from "./rules.ts";

describe("adaptation rules", () => {
  it("parse with defaults, and refuse unknown keys and bad names, naming the field", () => {
    expect(a2aRulesSchema.parse({})).toEqual({ entries: {}, rendering: "auto" });
    const bad = parseRules({ entries: { echo: { rename: "has space", colour: "red" } } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["entries.echo.rename", "entries.echo"]));
    expect(parseRules({ rendering: "html" }).ok).toBe(false);
    expect(parseRules({ entries: { t: { arguments: { id: "order..id" } } } }).ok).toBe(false);
  });

  it("refuse two entries renamed to the same name", () => {
    const parsed = parseRules({ entries: { a: { rename: "x" }, b: { rename: "x" } } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]!.message).toContain('"x" is already the new name of "a"');
  });

  it("hide and rename what they name, keeping the rest as it is", () => {
    const rules = a2aRulesSchema.parse({ entries: { echo: { rename: "say", description: "Says it" }, secret: { hidden: true } } });
    const items = [{ n: "echo", d: "Echoes" }, { n: "secret", d: "" }, { n: "sum", d: "Adds" }];
    expect(expose(rules, items, (i) => i.n, (i) => i.d).map((e) => [e.original, e.name, e.description])).toEqual([
      ["echo", "say", "Says it"],
      ["sum", "sum", "Adds"],
    ]);
  });

  it("are checked against the names a deployment has", () => {
    const rules = a2aRulesSchema.parse({ entries: { nope: {}, a: { rename: "b" } }, defaultSkill: "gone" });
    const problems = rulesProblems(rules, ["a", "b"]);
    expect(problems.map((p) => p.path)).toEqual(["entries.nope", "entries.a.rename", "defaultSkill"]);
    expect(problems[0]!.message).toContain("the names are a, b");
    expect(rulesProblems(a2aRulesSchema.parse({ entries: { a: { rename: "c" } }, defaultSkill: "c" }), ["a", "b"])).toEqual([]);
  });
});
