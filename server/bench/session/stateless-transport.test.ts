/**
 * The bench's 2026-07-28 adapter under the SDK's Client, against a real gateway serving the real
 * everything server statelessly: discover instead of initialize, _meta on every request,
 * progress on SSE replies, subscriptions through subscriptions/listen, and the SSE reader alone.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ElicitRequestSchema, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "../../../runner/gateway/test/harness.ts";
import { eventually } from "../../../runner/test-support/eventually.ts";
import { sseMessages } from "./sse-messages.ts";
import { STATELESS_REVISION, StatelessClientTransport, headerValue } from "./stateless-transport.ts";
import { Timeline } from "./timeline.ts";

const PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
const CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
const LOG_LEVEL = "io.modelcontextprotocol/logLevel";

let h: GatewayHarness;
let client: Client;
let transport: StatelessClientTransport;
const timeline = new Timeline();

const sent = () => timeline.snapshot().filter((e) => e.direction === "out" && e.kind === "request");
const paramsOf = (entry: { message: unknown }) => (entry.message as { params: Record<string, any> }).params;

beforeAll(async () => {
  h = await startGatewayHarness();
  transport = new StatelessClientTransport(new URL(`${h.url}/mcp/everything`), { fetch: (url, init) => fetch(url, init), headers: { Authorization: `Bearer ${h.tenantA.key}` }, timeline });
  client = new Client({ name: "stateless-test", version: "1" }, { capabilities: { elicitation: {} } });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await h?.close();
});

describe("StatelessClientTransport", () => {
  it("opens with server/discover, never initialize, and reports what the server offers", () => {
    const methods = sent().map((e) => e.method);
    expect(methods[0]).toBe("server/discover");
    expect(methods).not.toContain("initialize");
    expect(paramsOf(sent()[0]!)._meta).toEqual({ [PROTOCOL_VERSION]: STATELESS_REVISION, [CLIENT_CAPABILITIES]: { elicitation: {} } });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect(client.getServerVersion()?.name).toBe("mcp-servers/everything");
    expect(transport.negotiatedRevision).toBe("2026-07-28");
  });

  it("lists tools and calls echo, each request carrying the revision and capabilities", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("echo");
    const result = await client.callTool({ name: "echo", arguments: { message: "över" } });
    expect(result.content).toEqual([{ type: "text", text: "Echo: över" }]);
    const call = sent().find((e) => e.method === "tools/call")!;
    expect(paramsOf(call)._meta[PROTOCOL_VERSION]).toBe(STATELESS_REVISION);
    expect(paramsOf(call)._meta[CLIENT_CAPABILITIES]).toEqual({ elicitation: {} });
  });

  it("turns setLevel into a per-request log level and ping into a discover round trip", async () => {
    await client.setLoggingLevel("debug");
    await client.ping();
    const last = sent().at(-1)!;
    expect(last.method).toBe("server/discover");
    expect(paramsOf(last)._meta[LOG_LEVEL]).toBe("debug");
    expect(sent().map((e) => e.method)).not.toContain("logging/setLevel");
  });

  it("hears progress of a long call on its SSE reply", async () => {
    const seen: number[] = [];
    await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 1, steps: 2 } }, undefined, { onprogress: (p) => seen.push(p.progress) });
    expect(seen.length).toBeGreaterThan(0);
  });

  it("cancels a call by closing its POST", async () => {
    const abort = new AbortController();
    const call = client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 5, steps: 5 } }, undefined, { signal: abort.signal, onprogress: () => abort.abort("enough") });
    await expect(call).rejects.toThrow();
    const notes = timeline.snapshot().filter((e) => e.kind === "transport").map((e) => (e.message as { transport: string }).transport);
    expect(notes.some((note) => /cancelled: its POST is closed/.test(note))).toBe(true);
    expect(sent().map((e) => e.method)).not.toContain("notifications/cancelled");
  });

  it("subscribes through subscriptions/listen and hears the resource's updates", async () => {
    const uri = "demo://resource/dynamic/text/3";
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    await client.subscribeResource({ uri });
    const listen = sent().filter((e) => e.method === "subscriptions/listen").at(-1)!;
    expect(paramsOf(listen).notifications.resourceSubscriptions).toEqual([uri]);
    await client.callTool({ name: "toggle-subscriber-updates", arguments: {} });
    try {
      await eventually("a notifications/resources/updated", 10_000, () => updates.includes(uri));
    } finally {
      await client.callTool({ name: "toggle-subscriber-updates", arguments: {} });
      await client.unsubscribeResource({ uri });
    }
  });

  it("asks the Client an input_required round's questions and retries with its answers", async () => {
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: "decline" };
    });
    const result = await client.callTool({ name: "trigger-elicitation-request", arguments: {} });
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(result.content)).toContain("declined");
    const calls = sent().filter((e) => e.method === "tools/call" && paramsOf(e).name === "trigger-elicitation-request");
    expect(calls).toHaveLength(2);
    expect(paramsOf(calls[1]!).inputResponses).toEqual({ "elicitation-1": { action: "decline" } });
    expect(typeof paramsOf(calls[1]!).requestState).toBe("string");
  });

  it("turns a refused request into the server's JSON-RPC error", async () => {
    await expect(client.readResource({ uri: "demo://no/such/thing" })).rejects.toThrow(/MCP error/);
  });
});

describe("headerValue", () => {
  it("keeps plain ASCII and base64-encodes the rest", () => {
    expect(headerValue("echo")).toBe("echo");
    expect(headerValue("über")).toBe(`=?base64?${Buffer.from("über").toString("base64")}?=`);
    expect(headerValue(" padded")).toMatch(/^=\?base64\?/);
  });
});

describe("sseMessages", () => {
  const streamOf = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
  const all = async (body: ReadableStream<Uint8Array>) => {
    const out: unknown[] = [];
    for await (const m of sseMessages(body)) out.push(m);
    return out;
  };

  it("yields one message per event across chunk boundaries, skipping comments", async () => {
    expect(await all(streamOf(": keepalive\n\nevent: message\nda", 'ta: {"a":1}\n\n', 'data: {"b":\r\ndata: 2}\r\n\r\n'))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("reads a last event without its blank line", async () => {
    expect(await all(streamOf('data: {"end":true}'))).toEqual([{ end: true }]);
  });
});
