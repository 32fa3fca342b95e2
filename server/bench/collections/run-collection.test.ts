import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseCollection } from "./collection-schema.ts";
import { runCollection } from "./run-collection.ts";

async function connected(): Promise<Client> {
  const server = new McpServer({ name: "t", version: "1.0.0" });
  server.registerTool("weather", { inputSchema: { city: z.string() }, outputSchema: { temperature: z.number() } }, async ({ city }) => ({
    content: [{ type: "text", text: `sunny in ${city}` }],
    // A wrong type for "Oslo": McpServer turns it into an isError result without structuredContent.
    structuredContent: { temperature: city === "Oslo" ? "cold" : 21 } as { temperature: number },
  }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "c", version: "1.0.0" });
  await client.connect(a);
  return client;
}

describe("runCollection", () => {
  it("runs the cases in order and evaluates each assertion", async () => {
    const parsed = parseCollection({
      version: 1,
      name: "weather",
      cases: [
        { name: "paris", request: { method: "tools/call", params: { name: "weather", arguments: { city: "Paris" } } }, assert: [{ status: "result" }, { path: "$.content[0].text", equals: "sunny in Paris" }, { schemaValid: "outputSchema" }, { latencyMs: 5000 }] },
        { name: "oslo", request: { method: "tools/call", params: { name: "weather", arguments: { city: "Oslo" } } }, assert: [{ schemaValid: "outputSchema" }] },
        { name: "unknown method", request: { method: "nope" }, assert: [{ status: "error", code: -32601 }] },
        { name: "no assertions", request: { method: "nope" } },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const client = await connected();
    const seen: string[] = [];
    const result = await runCollection(client, parsed.collection, { onCase: (c) => seen.push(c.name) });
    await client.close();
    expect(seen).toEqual(["paris", "oslo", "unknown method", "no assertions"]);
    expect(result.cases.map((c) => c.passed)).toEqual([true, false, true, false]);
    expect(result).toMatchObject({ passed: 2, failed: 2 });
    expect(result.cases[1]!.assertions[0]).toMatchObject({ passed: false, message: "the result has no structuredContent" });
    expect(result.cases[3]!.assertions[0]).toMatchObject({ label: "status is result", passed: false });
  });
});
