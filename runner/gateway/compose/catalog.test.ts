import { describe, expect, it } from "vitest";
import { type McpTool, buildCatalog, fixedArgumentProblems } from "./catalog.ts";
import { type CompositionMember, compositionSpecSchema } from "./composition-spec.ts";
import { reviewComposition } from "./review.ts";
import { globToRegExp, selectionOf } from "./tool-names.ts";

const github: McpTool[] = [
  {
    name: "search_issues",
    description: "Search issues",
    inputSchema: { type: "object", properties: { owner: { type: "string" }, repo: { type: "string" }, q: { type: "string" } }, required: ["owner", "repo", "q"] },
    annotations: { readOnlyHint: true },
  },
  { name: "search_code", description: "Search code", inputSchema: { type: "object", properties: { q: { type: "string" } } } },
  { name: "get_me", inputSchema: { type: "object" } },
];
const files: McpTool[] = [
  { name: "read_file", description: "Read a file", inputSchema: { type: "object", properties: { path: { type: "string" }, encoding: { type: "string", enum: ["utf8", "base64"] } }, required: ["path"] } },
  { name: "search_code", description: "grep", inputSchema: { type: "object", properties: { q: { type: "string" } } } },
];

const members = (value: unknown): CompositionMember[] => compositionSpecSchema.parse({ members: value }).members;

describe("buildCatalog", () => {
  it("prefixes, selects, renames, describes anew and hides fixed arguments from the schema", () => {
    const spec = members([
      { deployment: "github", prefix: "gh_", exclude: ["get_*"], tools: { search_issues: { name: "issues", description: "Issues of acme/app", fixedArguments: { owner: "acme", repo: "app" } } } },
      { deployment: "files", prefix: "fs_", include: ["read_file"], tools: { read_file: { fixedArguments: { encoding: "utf8" } } } },
    ]);
    const catalog = buildCatalog(spec, [github, files]);
    expect(catalog.tools.map((t) => [t.name, t.member, t.originalName])).toEqual([
      ["gh_issues", 0, "search_issues"],
      ["gh_search_code", 0, "search_code"],
      ["fs_read_file", 1, "read_file"],
    ]);
    expect(catalog.clashes).toEqual([]);
    const issues = catalog.byName.get("gh_issues")!;
    expect(issues.fixedArguments).toEqual({ owner: "acme", repo: "app" });
    expect(issues.tool).toEqual({
      name: "gh_issues",
      description: "Issues of acme/app",
      inputSchema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
      annotations: { readOnlyHint: true },
    });
    // The member's own tool is left as it was: the next list starts from it again.
    expect(github[0]!.inputSchema!.required).toEqual(["owner", "repo", "q"]);
    expect(catalog.byName.get("gh_search_code")!.fixedArguments).toBeUndefined();
    expect(catalog.byName.get("fs_read_file")!.tool.inputSchema).toEqual({ type: "object", properties: { path: { type: "string" } }, required: ["path"] });
  });

  it("gives a name offered twice to the first member, and reports the clash", () => {
    const catalog = buildCatalog(members([{ deployment: "github" }, { deployment: "files" }]), [github, files]);
    expect(catalog.tools.map((t) => t.name)).toEqual(["search_issues", "search_code", "get_me", "read_file"]);
    expect(catalog.byName.get("search_code")!.member).toBe(0);
    expect(catalog.clashes).toEqual([{ name: "search_code", kept: { member: 0, originalName: "search_code" }, dropped: { member: 1, originalName: "search_code" } }]);
  });

  it("offers nothing of a member whose tools are not known yet", () => {
    const catalog = buildCatalog(members([{ deployment: "github", prefix: "gh_" }, { deployment: "files", prefix: "fs_" }]), [undefined, files]);
    expect(catalog.tools.map((t) => t.name)).toEqual(["fs_read_file", "fs_search_code"]);
  });
});

describe("selection by name and glob", () => {
  it("matches whole names, * and ? only", () => {
    expect(globToRegExp("search_*").test("search_code")).toBe(true);
    expect(globToRegExp("search_*").test("do_search_code")).toBe(false);
    expect(globToRegExp("get-?").test("get-x")).toBe(true);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
    expect(selectionOf({ include: ["search_*"], exclude: ["search_code"] }, "search_code")).toEqual({ selected: false, why: "excluded" });
    expect(selectionOf({ include: ["search_*"] }, "get_me")).toEqual({ selected: false, why: "not included" });
    expect(selectionOf({}, "anything")).toEqual({ selected: true });
  });
});

describe("fixedArgumentProblems", () => {
  it("names arguments the tool does not take and values of the wrong type", () => {
    const readFile = files[0]!;
    expect(fixedArgumentProblems(readFile, { path: "/srv", encoding: "utf8" })).toEqual([]);
    expect(fixedArgumentProblems(readFile, { file: "/srv" })).toEqual(['fixed argument "file" is not an argument of read_file (its arguments: path, encoding)']);
    expect(fixedArgumentProblems(readFile, { path: 3 })).toEqual(['fixed argument "path" of read_file must be of type string, not integer (3)']);
    expect(fixedArgumentProblems(readFile, { encoding: "latin1" })).toEqual(['fixed argument "encoding" of read_file must be one of "utf8", "base64"']);
    expect(fixedArgumentProblems({ name: "n", inputSchema: { type: "object", properties: { n: { type: "number" } } } }, { n: 2 })).toEqual([]);
  });
});

describe("reviewComposition", () => {
  it("shows each member's tools, the result, the problems that refuse a save and the warnings", () => {
    const spec = compositionSpecSchema.parse({
      members: [
        { deployment: "github", include: ["search_*", "nothing_*"], tools: { search_issues: { fixedArguments: { owner: 1 } }, get_me: { name: "me" }, gone: { name: "x" } } },
        { deployment: "files" },
        { deployment: "broken", prefix: "b_" },
      ],
    });
    const review = reviewComposition(spec, [{ tools: github }, { tools: files }, { error: "deployment \"broken\" is stopped" }]);
    expect(review.tools.map((t) => `${t.name}<-${t.deployment}.${t.originalName}`)).toEqual([
      "search_issues<-github.search_issues",
      "search_code<-github.search_code",
      "read_file<-files.read_file",
    ]);
    expect(review.members[0]!.tools.map((t) => [t.name, t.finalName, t.selected, t.why])).toEqual([
      ["search_issues", "search_issues", true, undefined],
      ["search_code", "search_code", true, undefined],
      ["get_me", "me", false, "not included"],
    ]);
    expect(review.members[0]!.tools[0]!.arguments).toEqual(["owner", "repo", "q"]);
    expect(review.members[2]).toEqual({ deployment: "broken", prefix: "b_", error: 'deployment "broken" is stopped', tools: [] });
    expect(review.problems).toEqual([
      'two tools would be named "search_code": search_code of member 1 (github) and search_code of member 2 (files) — give member 2 another prefix, e.g. "files_", or rename one of them',
      'member 1 (github): fixed argument "owner" of search_issues must be of type string, not integer (1)',
    ]);
    expect(review.warnings).toEqual([
      'member 1 (github): "nothing_*" matches none of its tools',
      'member 1 (github): settings for "get_me", which it does not offer',
      'member 1 (github): settings for "gone", which its server does not have',
      'member 3 (broken (prefix "b_")): its tools could not be listed, so they were not checked: deployment "broken" is stopped',
    ]);
  });
});
