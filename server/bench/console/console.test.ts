import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RecordingTransport } from "../session/recording-transport.ts";
import { Timeline } from "../session/timeline.ts";
import { consoleSchema, methodsFor, skeleton } from "./message-schema.ts";
import { parseRawMessage } from "./raw-message.ts";
import { sendRaw } from "./send-raw.ts";

describe("consoleSchema", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(consoleSchema("2025-11-25"));

  it("lists the client methods of the revision: tasks only from 2025-11-25", () => {
    const latest = methodsFor("2025-11-25").map((m) => m.method);
    expect(latest).toEqual(expect.arrayContaining(["ping", "initialize", "tools/list", "tools/call", "tasks/get", "notifications/initialized", "notifications/roots/list_changed"]));
    const old = methodsFor("2024-11-05").map((m) => m.method);
    expect(old).toContain("completion/complete");
    expect(old).not.toContain("tasks/get");
    expect(old).not.toContain("notifications/tasks/status");
    expect(consoleSchema("2024-11-05").properties).toMatchObject({ method: { enum: old } });
  });

  it("accepts the skeleton of every method", () => {
    for (const method of methodsFor("2025-11-25")) {
      const message = skeleton(method, 1);
      expect({ method: method.method, ok: validate(message), errors: validate.errors?.map((e) => `${e.instancePath} ${e.message}`) }).toMatchObject({ ok: true });
    }
  });

  it("refuses params of the wrong shape, a missing required param and a notification with an id", () => {
    expect(validate({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: 5 } })).toBe(false);
    expect(validate({ jsonrpc: "2.0", id: 1, method: "tools/call" })).toBe(false);
    expect(validate({ jsonrpc: "2.0", id: 1, method: "notifications/initialized" })).toBe(false);
    expect(validate({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } })).toBe(true);
    expect(validate({ jsonrpc: "2.0", id: 3, result: {} })).toBe(true);
    expect(validate({ jsonrpc: "2.0" })).toBe(false);
  });
});

describe("parseRawMessage", () => {
  it("tells requests, notifications and replies apart", () => {
    expect(parseRawMessage('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toEqual({ ok: true, message: { kind: "request", id: 1, method: "ping" } });
    expect(parseRawMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}')).toMatchObject({ ok: true, message: { kind: "notification", method: "notifications/initialized" } });
    expect(parseRawMessage('{"jsonrpc":"2.0","id":"a","result":{}}')).toMatchObject({ ok: true, message: { kind: "response", id: "a" } });
  });

  it("names what is wrong", () => {
    const problem = (text: string) => (parseRawMessage(text) as { problem: string }).problem;
    expect(problem("{")).toContain("not valid JSON");
    expect(problem("[]")).toContain("batch");
    expect(problem('{"id":1,"method":"ping"}')).toContain('"jsonrpc": "2.0"');
    expect(problem('{"jsonrpc":"2.0","id":null,"method":"ping"}')).toContain("MCP does not allow null");
    expect(problem('{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}')).toContain("named params");
    expect(problem('{"jsonrpc":"2.0","id":1}')).toContain("either result or error");
    expect(problem('{"jsonrpc":"2.0"}')).toContain('add a "method"');
    expect(problem('{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}')).toContain("integer code");
  });
});

describe("sendRaw", () => {
  async function connected() {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("echo", { inputSchema: { message: z.string() } }, ({ message }) => ({ content: [{ type: "text", text: message }] }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const timeline = new Timeline();
    const transport = new RecordingTransport(clientSide, timeline);
    const client = new Client({ name: "c", version: "0" });
    await client.connect(transport);
    return { client, timeline, sendRaw: (m: Parameters<typeof transport.send>[0]) => transport.send(m) };
  }

  it("sends a request and returns its result; the timeline has both", async () => {
    const connection = await connected();
    const parsed = parseRawMessage('{"jsonrpc":"2.0","id":99,"method":"tools/list"}');
    if (!parsed.ok) throw new Error(parsed.problem);
    const outcome = await sendRaw(connection, parsed.message, { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: "result", result: { tools: [{ name: "echo" }] } });
    const rows = connection.timeline.snapshot().filter((e) => e.method === "tools/list");
    expect(rows.map((e) => e.kind)).toEqual(["request", "response"]);
  });

  it("shows the server's error for an unknown method, in its words", async () => {
    const connection = await connected();
    const outcome = await sendRaw(connection, { kind: "request", id: 1, method: "no/such" }, { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: "rpc-error", code: -32601, message: "Method not found" });
  });

  it("sends a notification as written, with nothing to wait for", async () => {
    const connection = await connected();
    const parsed = parseRawMessage('{"jsonrpc":"2.0","method":"notifications/roots/list_changed"}');
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(await sendRaw(connection, parsed.message, { timeoutMs: 5000 })).toEqual({ kind: "sent", what: "notification" });
    expect(connection.timeline.snapshot().at(-1)).toMatchObject({ direction: "out", kind: "notification", method: "notifications/roots/list_changed" });
  });
});
