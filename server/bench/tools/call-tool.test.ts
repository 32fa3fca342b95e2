import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool } from "./call-tool.ts";
import { listTools } from "./list-tools.ts";
import { type BenchTool, readTools } from "./read-tools.ts";

const weatherSchema = { type: "object", properties: { temperature: { type: "number" } }, required: ["temperature"] };
const rawTools = [
  { name: "weather", inputSchema: { type: "object" }, outputSchema: weatherSchema },
  { name: "liar", inputSchema: { type: "object" }, outputSchema: weatherSchema },
  { name: "slow", inputSchema: { type: "object" } },
  { name: "fails", inputSchema: { type: "object" } },
  { name: "odd", inputSchema: { type: "object" } },
];

let client: Client;
let tools: Map<string, BenchTool>;

beforeAll(async () => {
  const server = new Server({ name: "t", version: "1" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: rawTools as never }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    switch (request.params.name) {
      case "weather":
        return { content: [{ type: "text", text: "33" }], structuredContent: { temperature: 33 } };
      case "liar":
        return { content: [], structuredContent: { temperature: "hot" } };
      case "slow": {
        const token = request.params._meta?.progressToken;
        for (let step = 1; step <= 3; step++) {
          if (token !== undefined) await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: step, total: 3 } });
        }
        await new Promise((_resolve, reject) => {
          extra.signal.addEventListener("abort", () => reject(new Error("aborted")));
        });
        return { content: [] };
      }
      case "fails":
        throw Object.assign(new Error("no such city"), { code: -32602 });
      default:
        return { content: [] };
    }
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  client = new Client({ name: "bench", version: "0" });
  await client.connect(a);
  tools = new Map(readTools(rawTools).map((t) => [t.name, t]));
});
afterAll(() => client.close());

describe("listTools", () => {
  it("lists every tool, each read on its own", async () => {
    const { tools: listed, truncated } = await listTools(client);
    expect(truncated).toBe(false);
    expect(listed.map((t) => t.name)).toEqual(["weather", "liar", "slow", "fails", "odd"]);
  });
});

describe("callTool", () => {
  it("returns the result with structuredContent validated against the outputSchema", async () => {
    expect(await callTool(client, tools.get("weather")!, {}, { timeoutMs: 5000 })).toMatchObject({
      kind: "result",
      result: { content: [{ type: "text", text: "33" }], structuredContent: { temperature: 33 } },
      output: { status: "valid" },
      notes: [],
    });
  });

  it("shows structuredContent that breaks the outputSchema instead of failing the call", async () => {
    expect(await callTool(client, tools.get("liar")!, {}, { timeoutMs: 5000 })).toMatchObject({
      kind: "result",
      output: { status: "invalid", issues: [{ path: "/temperature", message: "must be number" }] },
    });
  });

  it("reports progress and cancels on request", async () => {
    const progress: number[] = [];
    const abort = new AbortController();
    const outcome = callTool(client, tools.get("slow")!, {}, {
      timeoutMs: 5000,
      signal: abort.signal,
      onprogress: (p) => {
        progress.push(p.progress);
        if (p.progress === 3) abort.abort();
      },
    });
    expect(await outcome).toMatchObject({ kind: "cancelled" });
    expect(progress).toEqual([1, 2, 3]);
  });

  it("gives up after the timeout without progress", async () => {
    expect(await callTool(client, tools.get("slow")!, {}, { timeoutMs: 50 })).toMatchObject({ kind: "timeout", limitMs: 50 });
  });

  it("returns the server's JSON-RPC error", async () => {
    expect(await callTool(client, tools.get("fails")!, {}, { timeoutMs: 5000 })).toMatchObject({ kind: "rpc-error", code: -32602, message: "no such city" });
  });

  it("notes a result that breaks the spec but still shows it", async () => {
    // A raw peer, since the SDK's own server refuses to send such a result.
    const [a, b] = InMemoryTransport.createLinkedPair();
    b.onmessage = (message) => {
      const m = message as { id?: number; method?: string };
      if (m.method === "initialize") void b.send({ jsonrpc: "2.0", id: m.id!, result: { protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "raw", version: "1" } } });
      if (m.method === "tools/call") void b.send({ jsonrpc: "2.0", id: m.id!, result: { content: "not an array", isError: "yes" } });
    };
    await b.start();
    const raw = new Client({ name: "bench", version: "0" });
    await raw.connect(a);
    expect(await callTool(raw, tools.get("odd")!, {}, { timeoutMs: 5000 })).toMatchObject({
      kind: "result",
      result: { content: [] },
      notes: ["the result has no content array (the spec requires one)", "isError is not a boolean"],
    });
    await raw.close();
  });
});
