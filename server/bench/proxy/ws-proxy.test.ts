import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { systemLookup } from "../../net/lookup.ts";
import type { ConsoleAuth } from "../../trpc/console-auth.ts";
import { ProxyStepError } from "../session/tunnel-fetch.ts";
import { type WebSocketFactory, type WebSocketLike, WebSocketTunnelTransport } from "../session/websocket-tunnel.ts";
import type { TargetPolicy } from "./target-policy.ts";
import { createWsProxy } from "./ws-proxy.ts";
import { WS_PROXY_PATH } from "./ws-proxy-contract.ts";

/**
 * The WebSocket proxy between a real ws server speaking MCP (subprotocol mcp, bearer token
 * required) and the bench's browser transport, driven by the SDK's Client.
 */
const TOKEN = "upstream-token";
const SESSION = "sy_session=good";
const ORIGIN = "http://127.0.0.1:3000";

let upstream: http.Server;
let proxyServer: http.Server;
let upstreamUrl = "";
let proxyUrl = "";
let mode: TargetPolicy["mode"] = "local";
const seenHeaders: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  upstream = http.createServer();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has("mcp") ? "mcp" : false) });
  upstream.on("upgrade", (req, socket, head) => {
    seenHeaders.push(req.headers);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 12\r\n\r\nbad token!!\n");
    wss.handleUpgrade(req, socket, head, (ws) => ws.on("message", (data) => answer(ws, JSON.parse(String(data)))));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `ws://127.0.0.1:${(upstream.address() as AddressInfo).port}/ws/everything`;

  const authenticate = (headers: Headers): ConsoleAuth =>
    headers.get("cookie") === SESSION && headers.get("origin") === ORIGIN ? { ok: true, tenantId: "t", actor: "a" } : { ok: false, message: "requests must come from the console" };
  const proxy = createWsProxy({ authenticate, policy: () => ({ mode, lookup: systemLookup, trustedOrigins: [] }), firstFrameMs: 2000 });
  proxyServer = http.createServer();
  proxyServer.on("upgrade", (req, socket, head) => proxy.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => proxyServer.listen(0, "127.0.0.1", resolve));
  proxyUrl = `ws://127.0.0.1:${(proxyServer.address() as AddressInfo).port}${WS_PROXY_PATH}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxyServer.close(resolve));
  await new Promise((resolve) => upstream.close(resolve));
});

function answer(ws: WebSocket, message: { id?: number; method: string; params?: { arguments?: { message?: string } } }) {
  const reply = (result: unknown) => ws.send(JSON.stringify({ jsonrpc: "2.0", id: message.id, result }));
  if (message.method === "initialize") reply({ protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "ws-fake", version: "1" } });
  else if (message.method === "tools/list") reply({ tools: [{ name: "echo", inputSchema: { type: "object" } }] });
  else if (message.method === "tools/call") reply({ content: [{ type: "text", text: `Echo: ${message.params?.arguments?.message}` }] });
}

/** A browser's WebSocket as the proxy sees it: our origin and the session cookie, unless a test changes them. */
const browser = (headers: Record<string, string> = { origin: ORIGIN, cookie: SESSION }): WebSocketFactory => (url, protocol) => new WebSocket(url, protocol, { headers }) as unknown as WebSocketLike;

const connect = async (target: string, headers: Record<string, string>, open = browser()) => {
  const transport = new WebSocketTunnelTransport(new URL(target), headers, { proxyUrl, open });
  const client = new Client({ name: "ws-proxy-test", version: "1" });
  await client.connect(transport);
  return { client, transport };
};

describe("bench WebSocket proxy", () => {
  it("relays an MCP session with the page's headers only, over subprotocol mcp", async () => {
    const { client, transport } = await connect(upstreamUrl, { Authorization: `Bearer ${TOKEN}` });
    expect(client.getServerVersion()?.name).toBe("ws-fake");
    expect(await client.callTool({ name: "echo", arguments: { message: "over ws" } })).toMatchObject({ content: [{ type: "text", text: "Echo: over ws" }] });
    expect(transport.address).toBe("127.0.0.1");
    const seen = seenHeaders.at(-1)!;
    expect(seen["sec-websocket-protocol"]).toBe("mcp");
    expect(seen.cookie).toBeUndefined();
    expect(seen.origin).toBeUndefined();
    await client.close();
  });

  it("reports the target's refusal of the handshake", async () => {
    const error = await connect(upstreamUrl, { Authorization: "Bearer wrong" }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyStepError);
    expect((error as ProxyStepError).failure).toMatchObject({ step: "http", message: expect.stringContaining("HTTP 401"), hint: "check the bearer token or headers" });
  });

  it("applies the address rules of the mode (saas: no loopback)", async () => {
    mode = "saas";
    try {
      const error = await connect(upstreamUrl, {}).then(() => null, (e: unknown) => e);
      expect((error as ProxyStepError).failure).toMatchObject({ step: "blocked" });
    } finally {
      mode = "local";
    }
  });

  it("refuses a target that is not a WebSocket URL", async () => {
    const error = await connect("http://127.0.0.1:1/mcp", {}).then(() => null, (e: unknown) => e);
    expect((error as ProxyStepError).failure).toMatchObject({ step: "request", message: "the target is not a ws:// or wss:// URL" });
  });

  it("refuses link-local and metadata addresses in local mode too", async () => {
    const error = await connect("ws://169.254.169.254/ws", {}).then(() => null, (e: unknown) => e);
    expect((error as ProxyStepError).failure).toMatchObject({ step: "blocked" });
  });

  const handshake = (headers: Record<string, string>, protocol = "mcp") =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(proxyUrl, protocol, { headers });
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => {
        ws.close();
        resolve(101);
      });
    });

  it.each([
    ["without the session cookie", { origin: ORIGIN }, 401],
    ["from another Origin", { origin: "http://evil.example", cookie: SESSION }, 401],
    ["without an Origin", { cookie: SESSION }, 403],
  ])("refuses an upgrade %s", async (_, headers, status) => {
    expect(await handshake(headers)).toBe(status);
    const error = await connect(upstreamUrl, { Authorization: `Bearer ${TOKEN}` }, browser(headers)).then(() => null, (e: Error) => e);
    expect(error?.message).toBe("could not open the bench's WebSocket proxy");
  });

  it("accepts our page, and refuses an upgrade without the mcp subprotocol", async () => {
    expect(await handshake({ origin: ORIGIN, cookie: SESSION })).toBe(101);
    expect(await handshake({ origin: ORIGIN, cookie: SESSION }, "other")).toBe(400);
  });
});
