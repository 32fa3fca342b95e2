import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { Timeline } from "../session/timeline.ts";
import { AFTERMATH_MS, canonical, deletionClaim, lintBehaviour } from "./lint-behaviour.ts";

/** A session script: what went out and came in, with a clock the test moves. */
function session() {
  let t = 0;
  const timeline = new Timeline(() => t, () => t);
  let id = 0;
  const api = {
    wait: (ms: number) => ((t += ms), api),
    list(tools: unknown[], extra: Record<string, unknown> = {}) {
      const n = ++id;
      timeline.record("out", { jsonrpc: "2.0", id: n, method: "tools/list", params: {} });
      timeline.record("in", { jsonrpc: "2.0", id: n, result: { tools, ...extra } } as JSONRPCMessage);
      return api;
    },
    call(name: string, args: Record<string, unknown>, result: Record<string, unknown>, during: string[] = []) {
      const n = ++id;
      timeline.record("out", { jsonrpc: "2.0", id: n, method: "tools/call", params: { name, arguments: args } });
      for (const method of during) timeline.record("in", { jsonrpc: "2.0", method });
      timeline.record("in", { jsonrpc: "2.0", id: n, result } as JSONRPCMessage);
      return api;
    },
    notify: (method: string) => (timeline.record("in", { jsonrpc: "2.0", method }), api),
    rules: () => lintBehaviour(timeline.snapshot()).map((f) => `${f.rule}${f.tool ? ` ${f.tool}` : ""}`),
  };
  return api;
}

const tool = (name: string, annotations: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ name, inputSchema: { type: "object" }, annotations, ...extra });
const text = (s: string) => ({ content: [{ type: "text", text: s }] });

describe("read-only-changed-state", () => {
  it("flags a read-only tool whose call was followed by resources/list_changed", () => {
    const s = session().list([tool("peek", { readOnlyHint: true })]);
    s.call("peek", {}, text("ok")).wait(10).notify("notifications/resources/list_changed");
    expect(s.rules()).toEqual(["read-only-changed-state peek"]);
  });
  it("flags one notified while the call was in flight", () => {
    expect(session().list([tool("peek", { readOnlyHint: true })]).call("peek", {}, text("ok"), ["notifications/resources/updated"]).rules()).toEqual(["read-only-changed-state peek"]);
  });
  it("does not blame a read-only tool for a notification long after, or after another request", () => {
    const late = session().list([tool("peek", { readOnlyHint: true })]).call("peek", {}, text("ok")).wait(AFTERMATH_MS + 1).notify("notifications/resources/list_changed");
    expect(late.rules()).toEqual([]);
    const other = session().list([tool("peek", { readOnlyHint: true }), tool("write")]).call("peek", {}, text("ok")).call("write", {}, text("ok")).notify("notifications/resources/list_changed");
    expect(other.rules()).toEqual([]);
  });
  it("does not flag a tool that is not read-only", () => {
    expect(session().list([tool("write")]).call("write", {}, text("ok"), ["notifications/resources/list_changed"]).rules()).toEqual([]);
  });
});

describe("idempotent-results-differ", () => {
  const tools = [tool("upsert", { readOnlyHint: false, idempotentHint: true })];
  it("flags identical calls in a row that answered differently", () => {
    expect(session().list(tools).call("upsert", { a: 1, b: 2 }, text("created item 1")).call("upsert", { b: 2, a: 1 }, text("created item 2")).rules()).toEqual(["idempotent-results-differ upsert"]);
  });
  it("ignores timestamps and ids, different arguments, and tools not marked idempotent", () => {
    expect(session().list(tools).call("upsert", { a: 1 }, text("saved at 2026-01-01T10:00:00Z")).call("upsert", { a: 1 }, text("saved at 2026-01-01T10:00:05Z")).rules()).toEqual([]);
    expect(session().list(tools).call("upsert", { a: 1 }, text("one")).call("upsert", { a: 2 }, text("two")).rules()).toEqual([]);
    expect(session().list([tool("upsert")]).call("upsert", { a: 1 }, text("one")).call("upsert", { a: 1 }, text("two")).rules()).toEqual([]);
  });
});

describe("deleted-but-not-destructive", () => {
  it("flags destructiveHint false on a tool whose result says it deleted something", () => {
    expect(session().list([tool("tidy", { destructiveHint: false })]).call("tidy", {}, text("Deleted 3 files.")).rules()).toEqual(["deleted-but-not-destructive tidy"]);
    expect(session().list([tool("peek", { readOnlyHint: true })]).call("peek", {}, text("Record 7 was removed.")).rules()).toEqual(["deleted-but-not-destructive peek"]);
  });
  it("ignores negations, error results and tools that do not claim to be safe", () => {
    expect(session().list([tool("tidy", { destructiveHint: false })]).call("tidy", {}, text("Nothing was deleted.")).rules()).toEqual([]);
    expect(session().list([tool("tidy", { destructiveHint: false })]).call("tidy", {}, { ...text("could not be deleted"), isError: true }).rules()).toEqual([]);
    expect(session().list([tool("rm", { destructiveHint: true })]).call("rm", {}, text("Deleted 3 files.")).rules()).toEqual([]);
  });
  it("reads the claim sentence by sentence", () => {
    expect(deletionClaim("Checked 4 rows. No rows were deleted.")).toBeUndefined();
    expect(deletionClaim("Checked 4 rows. 2 rows deleted.")).toBe("2 rows deleted.");
  });
});

describe("output-schema-mismatch", () => {
  const schema = { type: "object", properties: { temp: { type: "number" } }, required: ["temp"] };
  it("flags structuredContent that does not match, or is missing", () => {
    expect(session().list([tool("weather", {}, { outputSchema: schema })]).call("weather", {}, { ...text("x"), structuredContent: { temp: "hot" } }).rules()).toEqual(["output-schema-mismatch weather"]);
    expect(session().list([tool("weather", {}, { outputSchema: schema })]).call("weather", {}, text("x")).rules()).toEqual(["output-schema-mismatch weather"]);
  });
  it("accepts matching content and error results", () => {
    expect(session().list([tool("weather", {}, { outputSchema: schema })]).call("weather", {}, { ...text("x"), structuredContent: { temp: 3 } }).call("weather", {}, { ...text("down"), isError: true }).rules()).toEqual([]);
  });
});

describe("tools-changed-silently", () => {
  it("flags a list that changed with no list_changed in between", () => {
    expect(session().list([tool("a")]).list([tool("a"), tool("b")]).rules()).toEqual(["tools-changed-silently"]);
  });
  it("accepts a change announced by notifications/tools/list_changed, and the same list in another order", () => {
    expect(session().list([tool("a")]).notify("notifications/tools/list_changed").list([tool("a"), tool("b")]).rules()).toEqual([]);
    expect(session().list([tool("a"), tool("b")]).list([tool("b"), tool("a")]).rules()).toEqual([]);
  });
  it("does not compare paginated lists", () => {
    expect(session().list([tool("a")], { nextCursor: "2" }).list([tool("b")], { nextCursor: "2" }).rules()).toEqual([]);
  });
});

describe("canonical", () => {
  it("sorts keys at every depth", () => {
    expect(canonical({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
