/**
 * 10,000 connections that never finish their request headers: the gateway holds them in
 * bounded memory, keeps serving real sessions meanwhile, and drops them at the header timeout.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "./harness.ts";

const CONNECTIONS = 10_000;
/** Per idle connection, with Node's own socket and parser: far below the 1 MB a session may take. */
const MAX_BYTES_PER_CONNECTION = 32 * 1024;

let h: GatewayHarness;

beforeAll(async () => {
  h = await startGatewayHarness();
});

afterAll(async () => {
  await h?.close();
});

it(`holds ${CONNECTIONS} idle connections in bounded memory, serves others meanwhile, and drops them at the header timeout`, { timeout: 120_000 }, async () => {
  const server = h.gateway.server;
  let open = 0;
  server.on("connection", (socket) => {
    open++;
    socket.once("close", () => open--);
  });
  // Long enough to open and look at them all however busy the machine; lowered below to see them dropped.
  server.headersTimeout = 60_000;
  const before = process.memoryUsage().rss;
  const port = Number(new URL(h.url).port);
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "idle-connections-client.mjs"), "127.0.0.1", String(port), String(CONNECTIONS)], { stdio: ["pipe", "pipe", "inherit"] });
  let last = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (last = chunk.trim().split("\n").at(-1) ?? last));
  const progress = () => Object.fromEntries([...last.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  try {
    while (progress().open !== CONNECTIONS) {
      expect(progress().failed ?? 0, "connections refused").toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The kernel completes a handshake before the gateway accepts it: wait for the accepts too.
    while (open < CONNECTIONS) await new Promise((resolve) => setTimeout(resolve, 100));
    const grown = process.memoryUsage().rss - before;
    expect(grown / CONNECTIONS, `RSS grew ${Math.round(grown / 2 ** 20)} MiB`).toBeLessThan(MAX_BYTES_PER_CONNECTION);

    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/everything`), { requestInit: { headers: { authorization: `Bearer ${h.tenantA.key}` } } });
    const client = new Client({ name: "beside-the-idle", version: "1.0.0" });
    await client.connect(transport);
    const reply = await client.callTool({ name: "echo", arguments: { message: "still serving" } });
    expect((reply.content as Array<{ text: string }>)[0]!.text).toBe("Echo: still serving");
    await transport.terminateSession();
    await client.close();

    expect(progress().closed ?? 0, "dropped before their header timeout").toBe(0);
    server.headersTimeout = 1000;
    while ((progress().closed ?? 0) < CONNECTIONS) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(open).toBeLessThan(10);
  } finally {
    server.headersTimeout = 10_000;
    child.stdin.end();
    child.kill();
  }
});
