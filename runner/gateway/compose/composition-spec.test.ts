import { describe, expect, it } from "vitest";
import { compositionSpecSchema, finalToolName, staticClashes } from "./composition-spec.ts";

/** The first issue of a refused spec, as the console shows it: "path: message". */
function refusal(value: unknown): string {
  const parsed = compositionSpecSchema.safeParse(value);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join(".")}: ${issue.message}`;
}

describe("compositionSpecSchema", () => {
  it("takes a full composition and fills in the empty prefix", () => {
    const spec = compositionSpecSchema.parse({
      members: [
        { deployment: "github", prefix: "gh_", include: ["search_*", "get_issue"], exclude: ["search_code"], tools: { get_issue: { name: "issue", description: "One issue", fixedArguments: { owner: "acme", page: 1, tags: ["a"], deep: { x: null } } } } },
        { deployment: "jira" },
      ],
    });
    expect(spec.members[1]).toEqual({ deployment: "jira", prefix: "" });
    expect(spec.members[0]!.tools!.get_issue!.fixedArguments).toEqual({ owner: "acme", page: 1, tags: ["a"], deep: { x: null } });
  });

  it.each([
    [{}, "members: expected a list of members"],
    [{ members: [] }, "members: expected at least one member deployment"],
    [{ members: Array.from({ length: 17 }, (_, i) => ({ deployment: `d${i}`, prefix: `p${i}_` })) }, "members: expected at most 16 members"],
    [{ members: [{ prefix: "a_" }] }, "members.0.deployment: expected the name of one of your deployments, e.g. everything"],
    [{ members: [{ deployment: "has space" }] }, "members.0.deployment: expected the name of one of your deployments, e.g. everything (letters, digits, _ and -)"],
    [{ members: [{ deployment: "a", prefix: "gh." }] }, 'members.0.prefix: expected a prefix of at most 32 letters, digits, _ or -, e.g. "gh_"'],
    [{ members: [{ deployment: "a", include: [""] }] }, "members.0.include.0: expected a tool name or a glob such as get-*"],
    [{ members: [{ deployment: "a", tools: { echo: { name: "has space" } } }] }, "members.0.tools.echo.name: expected a tool name of 1 to 128 letters, digits, _, - or ."],
    [{ members: [{ deployment: "a", tools: { echo: { fixedArguments: ["x"] } } }] }, 'members.0.tools.echo.fixedArguments: expected an object of argument values, e.g. {"owner": "acme"}'],
    [{ members: [{ deployment: "a", tools: { echo: { fixedArguments: { x: () => 1 } } } }] }, "members.0.tools.echo.fixedArguments.x: expected a JSON value: a string, number, boolean, null, array or object"],
    [{ members: [{ deployment: "a", tools: { echo: { rename: "x" } } }] }, 'members.0.tools.echo: unknown setting "rename": expected name, description or fixedArguments'],
    [{ members: [{ deployment: "a", extra: 1 }] }, 'members.0: unknown setting "extra": expected deployment, prefix, include, exclude or tools'],
  ])("refuses %j, naming the field", (value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it("refuses two members offering the same deployment's tools under the same prefix, suggesting one", () => {
    expect(refusal({ members: [{ deployment: "everything", prefix: "" }, { deployment: "everything" }] })).toBe(
      'members.1.prefix: members 1 and 2 both offer deployment everything\'s tools with the prefix "", so every tool would clash: give member 2 another prefix, e.g. "everything_"',
    );
    expect(refusal({ members: [{ deployment: "everything", prefix: "everything_" }, { deployment: "everything", prefix: "everything_" }] })).toContain(
      'give member 2 another prefix, e.g. "everything2_"',
    );
    // Different prefixes, or disjoint literal include lists, cannot clash.
    expect(compositionSpecSchema.safeParse({ members: [{ deployment: "everything", prefix: "a_" }, { deployment: "everything", prefix: "b_" }] }).success).toBe(true);
    expect(compositionSpecSchema.safeParse({ members: [{ deployment: "everything", include: ["echo"] }, { deployment: "everything", include: ["get-sum"] }] }).success).toBe(true);
  });

  it("refuses names two members would surely both offer: literal includes and renames", () => {
    expect(refusal({ members: [{ deployment: "github", include: ["search"] }, { deployment: "jira", include: ["search"] }] })).toBe(
      'members.1.prefix: members 1 and 2 would both offer a tool named "search" (search of github and search of jira): give member 2 another prefix, e.g. "jira_", or rename the tool',
    );
    expect(refusal({ members: [{ deployment: "github", prefix: "x_", include: ["find"] }, { deployment: "jira", tools: { search: { name: "x_find" } } }] })).toBe(
      'members.1.tools.search.name: members 1 and 2 would both offer a tool named "x_find" (find of github (prefix "x_") and search of jira): give member 2 another prefix, e.g. "jira_", or rename the tool',
    );
    expect(refusal({ members: [{ deployment: "github", tools: { a: { name: "same" }, b: { name: "same" } } }] })).toBe(
      'members.0.tools.b.name: member 1 would offer two tools named "same" (a and b): rename one of them',
    );
    // A rename of a tool the member does not offer clashes with nothing.
    expect(compositionSpecSchema.safeParse({ members: [{ deployment: "github", exclude: ["a"], tools: { a: { name: "same" }, b: { name: "same" } } }] }).success).toBe(true);
  });

  it("leaves clashes it cannot see to the live check", () => {
    expect(staticClashes([{ deployment: "github", prefix: "" }, { deployment: "jira", prefix: "" }])).toEqual([]);
  });
});

describe("finalToolName", () => {
  it("puts the prefix before the new name or the original", () => {
    expect(finalToolName({ prefix: "gh_", tools: { search_issues: { name: "issues" } } }, "search_issues")).toBe("gh_issues");
    expect(finalToolName({ prefix: "gh_" }, "search_code")).toBe("gh_search_code");
    expect(finalToolName({ prefix: "" }, "echo")).toBe("echo");
  });
});
