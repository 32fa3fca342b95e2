import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RecordingTransport, withRevision } from "./recording-transport.ts";
import { TIMELINE_LIMIT, Timeline, filterTimeline } from "./timeline.ts";

function fakeClock() {
  let t = 1000;
  return { now: () => t, clock: () => 1_700_000_000_000 + t, advance: (ms: number) => (t += ms) };
}

describe("Timeline", () => {
  it("records requests, replies with the latency since their request, notifications and errors", () => {
    const clock = fakeClock();
    const timeline = new Timeline(clock.now, clock.clock);
    timeline.record("out", { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo" } });
    clock.advance(42);
    timeline.record("in", { jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1, progressToken: 1 } });
    clock.advance(8);
    timeline.record("in", { jsonrpc: "2.0", id: 1, result: { content: [] } });
    timeline.record("out", { jsonrpc: "2.0", id: 2, method: "nope" });
    clock.advance(5);
    timeline.record("in", { jsonrpc: "2.0", id: 2, error: { code: -32601, message: "Method not found" } });
    const entries = timeline.snapshot();
    expect(entries.map((e) => [e.direction, e.kind, e.method, e.latencyMs])).toEqual([
      ["out", "request", "tools/call", undefined],
      ["in", "notification", "notifications/progress", undefined],
      ["in", "response", "tools/call", 50],
      ["out", "request", "nope", undefined],
      ["in", "error", "nope", 5],
    ]);
    expect(entries[0]!.size).toBe(JSON.stringify(entries[0]!.message).length);
    expect(entries[0]!.at).toBe(1_700_000_001_000);
  });

  it("matches a server's request to the client's reply, apart from the client's own ids", () => {
    const clock = fakeClock();
    const timeline = new Timeline(clock.now, clock.clock);
    timeline.record("out", { jsonrpc: "2.0", id: 0, method: "tools/call" });
    timeline.record("in", { jsonrpc: "2.0", id: 0, method: "sampling/createMessage" });
    clock.advance(7);
    timeline.record("out", { jsonrpc: "2.0", id: 0, result: {} });
    clock.advance(3);
    timeline.record("in", { jsonrpc: "2.0", id: 0, result: {} });
    expect(timeline.snapshot().slice(2).map((e) => [e.method, e.latencyMs])).toEqual([
      ["sampling/createMessage", 7],
      ["tools/call", 10],
    ]);
  });

  it("counts multi-byte characters in the size", () => {
    const timeline = new Timeline();
    const entry = timeline.record("out", { jsonrpc: "2.0", method: "x", params: { s: "é" } });
    expect(entry.size).toBe(JSON.stringify(entry.message).length + 1);
  });

  it("keeps the newest entries up to its limit and counts the dropped ones", () => {
    const timeline = new Timeline();
    for (let i = 0; i < TIMELINE_LIMIT + 3; i++) timeline.record("out", { jsonrpc: "2.0", method: `m${i}` });
    expect(timeline.snapshot()).toHaveLength(TIMELINE_LIMIT);
    expect(timeline.snapshot()[0]!.method).toBe("m3");
    expect(timeline.dropped).toBe(3);
  });

  it("tells subscribers, with a new snapshot each time", () => {
    const timeline = new Timeline();
    const before = timeline.snapshot();
    let calls = 0;
    const stop = timeline.subscribe(() => calls++);
    timeline.note("connection closed");
    expect(calls).toBe(1);
    expect(timeline.snapshot()).not.toBe(before);
    stop();
    timeline.clear();
    expect(calls).toBe(1);
  });
});

describe("filterTimeline", () => {
  const timeline = new Timeline();
  timeline.record("out", { jsonrpc: "2.0", id: 1, method: "tools/list" });
  timeline.record("in", { jsonrpc: "2.0", id: 1, result: {} });
  timeline.record("in", { jsonrpc: "2.0", method: "notifications/message" });
  timeline.note("transport error: gone");
  const all = new Set(["request", "response", "error", "notification", "transport"] as const);

  it("filters by method text, kind and direction", () => {
    expect(filterTimeline(timeline.snapshot(), { method: "TOOLS", kinds: all, direction: "both" }).map((e) => e.kind)).toEqual(["request", "response"]);
    expect(filterTimeline(timeline.snapshot(), { method: "", kinds: new Set(["notification", "transport"]), direction: "both" }).map((e) => e.kind)).toEqual(["notification", "transport"]);
    expect(filterTimeline(timeline.snapshot(), { method: "", kinds: all, direction: "out" }).map((e) => e.method)).toEqual(["tools/list"]);
  });
});

describe("RecordingTransport", () => {
  it("records a whole session with the SDK client both ways, asking for the chosen revision", async () => {
    const server = new McpServer({ name: "demo", version: "1.2.3" }, { instructions: "be nice" });
    server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }) => ({ content: [{ type: "text", text: `Echo: ${message}` }] }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const timeline = new Timeline();
    const client = new Client({ name: "bench", version: "0" });
    await client.connect(new RecordingTransport(clientSide, timeline, "2025-03-26"));
    await client.callTool({ name: "echo", arguments: { message: "hi" } });
    await client.close();

    const entries = timeline.snapshot();
    expect(entries.map((e) => `${e.direction} ${e.kind} ${e.method ?? ""}`.trim())).toEqual([
      "out request initialize",
      "in response initialize",
      "out notification notifications/initialized",
      "out request tools/call",
      "in response tools/call",
      "in transport",
    ]);
    expect((entries[0]!.message as unknown as { params: { protocolVersion: string } }).params.protocolVersion).toBe("2025-03-26");
    expect((entries[1]!.message as unknown as { result: { protocolVersion: string } }).result.protocolVersion).toBe("2025-03-26");
    expect(entries[4]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("leaves every message but initialize as it is", () => {
    const ping = { jsonrpc: "2.0" as const, id: 3, method: "ping" };
    expect(withRevision(ping, "2024-11-05")).toBe(ping);
  });
});
