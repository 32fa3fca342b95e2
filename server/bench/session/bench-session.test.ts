import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Diagnosis, diagnoseFailure } from "../diagnose/connect-failure.ts";
import { proxyBenchRequest } from "../proxy/bench-proxy.ts";
import type { TargetPolicy } from "../proxy/target-policy.ts";
import { type ConnectionSpec, remoteSpec } from "./connection-spec.ts";
import { openConnection } from "./open-connection.ts";
import { Timeline } from "./timeline.ts";
import { type HttpExchange, tunnelFetch } from "./tunnel-fetch.ts";

/**
 * The bench's whole path without a browser: the SDK client in "the page", the tunnel fetch, the
 * proxy, and real MCP servers (streamable HTTP and legacy SSE) plus misbehaving ones on loopback.
 */
function demoServer(): McpServer {
  const server = new McpServer({ name: "demo", version: "1.2.3" }, { instructions: "Call echo." });
  server.registerTool("echo", { description: "Echoes", inputSchema: { message: z.string() } }, async ({ message }) => ({ content: [{ type: "text", text: `Echo: ${message}` }] }));
  return server;
}

let base: string;
let server: http.Server;
const streams = new Map<string, StreamableHTTPServerTransport>();
const sse = new Map<string, SSEServerTransport>();

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/mcp") {
      const id = req.headers["mcp-session-id"];
      let transport = typeof id === "string" ? streams.get(id) : undefined;
      if (!transport) {
        const created = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void streams.set(sid, created) });
        await demoServer().connect(created);
        transport = created;
      }
      return transport.handleRequest(req, res);
    }
    if (path === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      sse.set(transport.sessionId, transport);
      return demoServer().connect(transport);
    }
    if (path === "/messages") return sse.get(new URL(req.url!, "http://x").searchParams.get("sessionId") ?? "")?.handlePostMessage(req, res);
    if (path === "/private") return void res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer resource_metadata="http://x/.well-known/oauth-protected-resource"' }).end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "a bearer token is required" } }));
    if (path === "/html") return void res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>");
    if (path === "/not-mcp") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ hello: "world" }));
    if (path === "/old") {
      req.resume();
      return void req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: 0, result: { protocolVersion: "1999-01-01", capabilities: {}, serverInfo: { name: "old", version: "0" } } })));
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("no such page");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all([...streams.values(), ...sse.values()].map((t) => t.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const local: TargetPolicy = { mode: "local", lookup: async () => ["127.0.0.1"], trustedOrigins: [] };

function tunnel(policy: TargetPolicy, exchanges: HttpExchange[] = []) {
  return tunnelFetch({
    proxyPath: "/api/bench/proxy",
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => proxyBenchRequest(new Request(new URL(String(input), "http://127.0.0.1:3000"), init), { policy })) as typeof fetch,
    onExchange: (exchange) => exchanges.push(exchange),
  });
}

function spec(path: string, overrides: Partial<Parameters<typeof remoteSpec>[0]> = {}): ConnectionSpec {
  const result = remoteSpec({ url: `${base}${path}`, transport: "streamable-http", revision: "2025-06-18", bearer: "", headers: [], ...overrides });
  if (!result.ok) throw new Error(result.message);
  return result.spec;
}

describe("a bench connection through the proxy", () => {
  it("negotiates the chosen revision over streamable HTTP, calls a tool and records every message", async () => {
    const timeline = new Timeline();
    const connection = await openConnection(spec("/mcp"), { timeline, fetch: tunnel(local) });
    expect(connection.summary).toMatchObject({
      requestedRevision: "2025-06-18",
      protocolVersion: "2025-06-18",
      serverInfo: { name: "demo", version: "1.2.3" },
      instructions: "Call echo.",
      capabilities: { tools: expect.any(Object) },
      sessionId: expect.any(String),
    });
    const result = await connection.client.request({ method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } }, CallToolResultSchema);
    expect(result.content).toEqual([{ type: "text", text: "Echo: hi" }]);
    await connection.close();
    expect(timeline.snapshot().map((e) => `${e.direction} ${e.kind} ${e.method ?? ""}`.trim())).toEqual([
      "out request initialize",
      "in response initialize",
      "out notification notifications/initialized",
      "out request tools/call",
      "in response tools/call",
      "in transport",
    ]);
  });

  it("speaks legacy SSE through the same proxy, posting to the endpoint the server names", async () => {
    const timeline = new Timeline();
    const connection = await openConnection(spec("/sse", { transport: "sse", revision: "2024-11-05" }), { timeline, fetch: tunnel(local) });
    expect(connection.summary.protocolVersion).toBe("2024-11-05");
    const result = await connection.client.request({ method: "tools/call", params: { name: "echo", arguments: { message: "sse" } } }, CallToolResultSchema);
    expect(result.content).toEqual([{ type: "text", text: "Echo: sse" }]);
    await connection.close();
  });
});

describe("connection diagnostics", () => {
  async function failing(connection: ConnectionSpec, policy = local): Promise<Diagnosis> {
    const exchanges: HttpExchange[] = [];
    const error = await openConnection(connection, { timeline: new Timeline(), fetch: tunnel(policy, exchanges) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    return diagnoseFailure(error, { exchange: exchanges.at(-1), requestedRevision: connection.revision, kind: connection.kind, transport: connection.transport });
  }

  it("says the address was blocked (saas mode, loopback)", async () => {
    expect(await failing(spec("/mcp"), { ...local, mode: "saas" })).toMatchObject({ step: "blocked", title: "The address is not allowed", detail: "127.0.0.1 is a loopback address (this machine): the bench proxy does not connect there in saas mode" });
  });

  it("says the TCP connection failed when nothing listens", async () => {
    const closed = remoteSpec({ url: "http://127.0.0.1:1/mcp", transport: "streamable-http", revision: "2025-06-18", bearer: "", headers: [] });
    if (!closed.ok) throw new Error(closed.message);
    expect(await failing(closed.spec)).toMatchObject({ step: "tcp", detail: "127.0.0.1:1 refused the connection" });
  });

  it("says authentication failed, with what the server said and the OAuth hint", async () => {
    const diagnosis = await failing(spec("/private"));
    expect(diagnosis).toMatchObject({ step: "auth", title: "Authentication failed (401)", detail: "the server says: a bearer token is required" });
    expect(diagnosis.hints.join(" ")).toContain("OAuth");
  });

  it("says the content type was wrong for a web page", async () => {
    expect(await failing(spec("/html"))).toMatchObject({ step: "content-type", detail: "the server answered with text/html, not application/json or text/event-stream" });
  });

  it("says the reply is not MCP for JSON that is not JSON-RPC", async () => {
    expect(await failing(spec("/not-mcp"))).toMatchObject({ step: "not-mcp", detail: 'the reply is not a JSON-RPC 2.0 message (jsonrpc "2.0" with the id of the request and a result or an error)' });
  });

  it("says the protocol versions do not match", async () => {
    expect(await failing(spec("/old"))).toMatchObject({ step: "protocol-version", detail: "you asked for 2025-06-18; the server answered 1999-01-01, which this client does not speak" });
  });

  it("says nothing is at a wrong path", async () => {
    expect(await failing(spec("/nope"))).toMatchObject({ step: "http-status", title: "Nothing at this URL (404)", detail: "the server says: no such page" });
  });

  it("says when the SSE stream cannot be opened, with the proxy's step", async () => {
    expect(await failing(spec("/sse", { transport: "sse" }), { ...local, mode: "saas" })).toMatchObject({ step: "blocked" });
  });
});
