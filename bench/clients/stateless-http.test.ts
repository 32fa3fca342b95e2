import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATELESS_VERSION, openStateless } from "./stateless-http.ts";

let server: http.Server;
let url: string;

beforeAll(async () => {
  // Answers each request with what it was sent, as a 2026-07-28 server would see it.
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      const body = JSON.parse(text) as { id: number; method: string; params: Record<string, unknown> };
      if (body.method === "fail") return res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad"}');
      const seen = { headers: { version: req.headers["mcp-protocol-version"], method: req.headers["mcp-method"], name: req.headers["mcp-name"] ?? null, session: req.headers["mcp-session-id"] ?? null }, params: body.params };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: body.id, result: seen }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp/x`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("openStateless", () => {
  it("sends each request on its own, with the revision and capabilities in _meta and the method and tool name in headers", async () => {
    const client = await openStateless(url, { timeoutMs: 5000 });
    const [call, list] = await Promise.all([client.rpc.request("tools/call", { name: "echo", arguments: { message: "hi" } }), client.rpc.request("tools/list", {})]);
    expect(call).toEqual({
      kind: "result",
      result: {
        headers: { version: STATELESS_VERSION, method: "tools/call", name: "echo", session: null },
        params: { name: "echo", arguments: { message: "hi" }, _meta: { "io.modelcontextprotocol/protocolVersion": STATELESS_VERSION, "io.modelcontextprotocol/clientCapabilities": {} } },
      },
    });
    expect(list).toMatchObject({ kind: "result", result: { headers: { method: "tools/list", name: null } } });
    await client.close();
  });

  it("reports an HTTP error as the request's error", async () => {
    const client = await openStateless(url, { timeoutMs: 5000 });
    expect(await client.rpc.request("fail", {})).toEqual({ kind: "error", why: 'HTTP 400: {"error":"bad"}' });
    await client.close();
  });
});
