import { describe, expect, it } from "vitest";
import { parseCollection } from "./collection-schema.ts";

const good = {
  version: 1,
  name: "smoke",
  cases: [
    {
      name: "echo",
      request: { method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } },
      assert: [{ status: "result" }, { path: "$.content[0].text", equals: "Echo: hi" }, { path: "$.content[0].text", matches: "^Echo" }, { schemaValid: "outputSchema" }, { schemaValid: { type: "object" } }, { latencyMs: 500 }],
    },
    { name: "ping", request: { method: "ping" } },
  ],
};

describe("parseCollection", () => {
  it("accepts every assertion kind and defaults assert to []", () => {
    const parsed = parseCollection(good);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.collection.cases[1]!.assert).toEqual([]);
  });

  it("names the field of each problem", () => {
    const bad = structuredClone(good) as { version: number; cases: Array<Record<string, unknown>> };
    bad.version = 2;
    bad.cases[0]!.assert = [{ status: "result" }, { path: "content", equals: 1 }, { path: "$.a", matches: "(" }, { within: 5 }];
    bad.cases[1]!.request = { params: {} };
    const parsed = parseCollection(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = parsed.problems.join("\n");
    expect(text).toMatch(/^version: /m);
    expect(text).toMatch(/^cases\[0\]\.assert\[1\]\.path: a JSON path starts with "\$"/m);
    expect(text).toMatch(/^cases\[0\]\.assert\[2\]\.matches: is not a valid regular expression$/m);
    expect(text).toMatch(/^cases\[0\]\.assert\[3\]: an assertion is one of/m);
    expect(text).toMatch(/^cases\[1\]\.request\.method: /m);
  });

  it("refuses an empty collection and unknown fields", () => {
    const empty = parseCollection({ version: 1, name: "x", cases: [] });
    expect(empty.ok ? [] : empty.problems).toEqual(["cases: a collection needs at least one case"]);
    const extra = parseCollection({ ...good, owner: "me" });
    expect(extra.ok ? [] : extra.problems.join()).toMatch(/owner/);
  });
});
