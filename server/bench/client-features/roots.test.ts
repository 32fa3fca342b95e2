import { describe, expect, it } from "vitest";
import { checkRoots } from "./roots.ts";

describe("checkRoots", () => {
  it("keeps file:// roots, skips empty rows and normalises the URI", () => {
    const { roots, problems } = checkRoots([
      { uri: " file:///home/me/project ", name: "project" },
      { uri: "", name: "" },
      { uri: "file:///tmp/a b", name: "" },
    ]);
    expect(problems.size).toBe(0);
    expect(roots).toEqual([{ uri: "file:///home/me/project", name: "project" }, { uri: "file:///tmp/a%20b" }]);
  });

  it("names the row and the fix for a bad root", () => {
    const { roots, problems } = checkRoots([
      { uri: "https://example.com/repo", name: "" },
      { uri: "not a uri", name: "" },
      { uri: "", name: "orphan" },
      { uri: "file:///x", name: "" },
      { uri: "file:///x", name: "again" },
    ]);
    expect(roots).toEqual([{ uri: "file:///x" }]);
    expect(problems.get(0)).toContain("must be file:// URIs");
    expect(problems.get(1)).toContain("is not a URI");
    expect(problems.get(2)).toContain("needs a URI");
    expect(problems.get(4)).toContain("listed twice");
    expect(problems.has(3)).toBe(false);
  });
});
