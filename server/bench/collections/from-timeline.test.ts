import { describe, expect, it } from "vitest";
import { Timeline } from "../session/timeline.ts";
import { parseCollection } from "./collection-schema.ts";
import { collectionFrom, requestsOf } from "./from-timeline.ts";

describe("collectionFrom", () => {
  it("turns picked requests into cases with default assertions that the schema accepts", () => {
    let now = 0;
    const timeline = new Timeline(() => now, () => 1_700_000_000_000);
    timeline.record("out", { jsonrpc: "2.0", id: 0, method: "initialize", params: {} } as never);
    timeline.record("out", { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "weather", arguments: { city: "Oslo" }, _meta: { progressToken: 1 } } });
    now = 40;
    timeline.record("in", { jsonrpc: "2.0", id: 1, result: { content: [], structuredContent: { t: 1 }, isError: false } });
    timeline.record("out", { jsonrpc: "2.0", id: 2, method: "nope" });
    now = 1400;
    timeline.record("in", { jsonrpc: "2.0", id: 2, error: { code: -32601, message: "Method not found" } });
    const picks = requestsOf(timeline.snapshot());
    expect(picks.map((p) => p.method)).toEqual(["tools/call", "nope"]);
    const collection = collectionFrom("from the bench", picks);
    expect(collection.cases).toEqual([
      { name: "weather", request: { method: "tools/call", params: { name: "weather", arguments: { city: "Oslo" } } }, assert: [{ status: "result" }, { path: "$.isError", equals: false }, { schemaValid: "outputSchema" }, { latencyMs: 1000 }] },
      { name: "nope", request: { method: "nope" }, assert: [{ status: "error", code: -32601 }, { latencyMs: 6800 }] },
    ]);
    expect(parseCollection(JSON.parse(JSON.stringify(collection))).ok).toBe(true);
  });
});
