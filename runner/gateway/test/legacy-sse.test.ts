import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, soon } from "../../agent/test/fixtures.ts";
import { type GatewayHarness, startGatewayHarness } from "./harness.ts";

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
});
afterAll(() => h.close());

/** The official SDK's legacy SSE client, with the key on the stream and on every POST. */
async function connect(key: string): Promise<{ client: Client; posted: string[] }> {
  const headers = { authorization: `Bearer ${key}` };
  const posted: string[] = [];
  const transport = new SSEClientTransport(new URL(`${h.url}/sse/everything`), {
    eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) },
    requestInit: { headers },
    fetch: (url, init) => {
      posted.push(String(url));
      return fetch(url, init);
    },
  });
  const client = new Client({ name: "legacy-sse-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, posted };
}

describe("legacy HTTP+SSE transport", () => {
  it("serves the SDK's SSE client: initialize, tools, calls", async () => {
    const { client } = await connect(h.tenantA.key);
    expect(client.getServerVersion()?.name).toBe("mcp-servers/everything");
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("echo");
    const result = await client.callTool({ name: "echo", arguments: { message: "over sse" } });
    expect((result.content as Array<{ text: string }>)[0]!.text).toBe("Echo: over sse");
    await client.close();
  });

  it("keeps a stream's message endpoint to the key that opened it", async () => {
    const { client, posted } = await connect(h.tenantA.key);
    const sessionId = new URL(posted[0]!).searchParams.get("sessionId");
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const post = (key: string) =>
      fetch(`${h.url}/sse/everything/message?sessionId=${sessionId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 99, method: "ping" }),
      });
    const foreign = await post(h.tenantB.key);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.data.reason).toBe("no_session");
    const own = await post(h.tenantA.key);
    expect(own.status).toBe(202);
    await client.close();
  });

  it("refuses a stream without a valid key, and gives the process back when the stream ends", async () => {
    const refused = await fetch(`${h.url}/sse/everything`, { headers: { authorization: "Bearer sk_wrong" } });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.data.reason).toBe("key_malformed");

    const leasedBefore = new Set(h.agent.processes().filter((p) => p.state === "leased").map((p) => p.pid));
    const { client } = await connect(h.tenantA.key);
    const mine = h.agent.processes().find((p) => p.state === "leased" && !leasedBefore.has(p.pid))!;
    expect(mine).toBeDefined();
    await client.close();
    await expect.poll(() => isAlive(mine.pid), soon).toBe(false);
  });
});
