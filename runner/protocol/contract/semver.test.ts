import { describe, expect, it } from "vitest";
import type { ContractChange } from "./change.ts";
import { checkPublish, compareVersions, parseVersion, suggestBump } from "./semver.ts";

const removedTool: ContractChange = { kind: "breaking", path: "tools.search", message: 'tool "search" was removed' };
const newTool: ContractChange = { kind: "compatible", path: "tools.find", message: 'tool "find" was added' };
const newDescription: ContractChange = { kind: "cosmetic", path: "tools.find.description", message: 'tool "find": description changed' };

function version(text: string) {
  const parsed = parseVersion(text);
  if (parsed === undefined) throw new Error(`test version ${text} does not parse`);
  return parsed;
}

describe("parseVersion", () => {
  it("reads release, pre-release and build metadata", () => {
    expect(parseVersion("1.2.3")).toEqual({ major: 1, minor: 2, patch: 3, prerelease: [] });
    expect(parseVersion("1.2.0-beta.1+build.7")).toEqual({ major: 1, minor: 2, patch: 0, prerelease: ["beta", "1"] });
  });

  it.each(["1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3-beta..1", "", "99999999999999999999.0.0"])("refuses %j", (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });
});

describe("compareVersions", () => {
  it("orders versions by semver precedence", () => {
    const ascending = [
      "0.9.9",
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.2.0-beta.1",
      "1.2.0-beta.2",
      "1.2.0",
      "1.10.0",
    ];
    const shuffled = [...ascending].reverse();
    expect(shuffled.sort((a, b) => compareVersions(version(a), version(b)))).toEqual(ascending);
  });

  it("ignores build metadata", () => {
    expect(compareVersions(version("1.0.0+a"), version("1.0.0+b"))).toBe(0);
  });
});

describe("suggestBump", () => {
  it.each([
    [[removedTool, newTool, newDescription], "major"],
    [[newTool, newDescription], "minor"],
    [[newDescription], "patch"],
    [[], "none"],
  ] as const)("suggests the bump of the strongest change (%#)", (changes, bump) => {
    expect(suggestBump(changes)).toBe(bump);
  });

  it("asks only for a minor bump for a breaking change on 0.x", () => {
    expect(suggestBump([removedTool], "0.4.2")).toBe("minor");
    expect(suggestBump([removedTool], "1.4.2")).toBe("major");
  });
});

describe("checkPublish", () => {
  it.each([
    ["1.4.2", "2.0.0", [removedTool]],
    ["1.4.2", "1.5.0", [newTool]],
    ["1.4.2", "1.4.3", [newTool, newDescription]],
    ["0.4.2", "0.5.0", [removedTool]],
    ["1.4.2", "2.0.0-beta.1", [removedTool]],
    ["2.0.0-beta.1", "2.0.0-beta.2", [removedTool]],
    ["1.3.0-beta.1", "1.3.0-beta.2", [removedTool]],
    ["2.0.0-rc.1", "2.0.0", [removedTool]],
  ])("accepts %s → %s", (previous, next, changes) => {
    expect(checkPublish(previous, next, changes)).toEqual({ ok: true, overridden: false });
  });

  it.each([
    ["1.4.2", "1.5.0"],
    ["1.4.2", "1.4.3"],
    ["0.4.2", "0.4.3"],
    ["1.4.2", "1.4.3-beta.1"],
    ["1.3.0-beta.2", "1.3.0"],
  ])("refuses a breaking change in %s → %s", (previous, next) => {
    const check = checkPublish(previous, next, [removedTool, newTool]);
    expect(check).toMatchObject({ ok: false, reason: "breaking_change", breaking: [removedTool] });
    expect(!check.ok && check.message).toContain('tool "search" was removed');
  });

  it("names the version to publish instead", () => {
    const check = checkPublish("1.4.2", "1.5.0", [removedTool]);
    expect(!check.ok && check.message).toContain("1.5.0 is a minor release after 1.4.2, but the contract has 1 breaking change; publish it as 2.0.0");
    const early = checkPublish("0.4.2", "0.4.3", [removedTool]);
    expect(!early.ok && early.message).toContain("publish it as 0.5.0");
  });

  it("lets a forced publish through and returns what it overrode", () => {
    const check = checkPublish("1.4.2", "1.5.0", [removedTool, newTool], { force: true });
    expect(check).toMatchObject({ ok: true, overridden: true, breaking: [removedTool] });
  });

  it("does not report an override when nothing needed forcing", () => {
    expect(checkPublish("1.4.2", "2.0.0", [removedTool], { force: true })).toEqual({ ok: true, overridden: false });
  });

  it.each([
    ["1.4.2", "1.4.2"],
    ["1.4.2", "1.4.1"],
    ["1.2.0", "1.2.0-beta.1"],
    ["1.2.0-beta.2", "1.2.0-beta.1"],
    ["1.2.0-beta.10", "1.2.0-beta.9"],
  ])("refuses %s → %s as not newer, even when forced", (previous, next) => {
    const check = checkPublish(previous, next, [], { force: true });
    expect(check).toMatchObject({ ok: false, reason: "not_newer", breaking: [] });
    expect(!check.ok && check.message).toBe(`${next} is not newer than the latest published version ${previous}`);
  });

  it("refuses a version that is not semver", () => {
    expect(checkPublish("1.4.2", "1.5", [])).toMatchObject({ ok: false, reason: "invalid_version", message: expect.stringContaining('"1.5"') });
  });
});
