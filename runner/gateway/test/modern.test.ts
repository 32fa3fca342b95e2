/**
 * MCP 2026-07-28 (stateless) on /mcp/<deployment>, spoken by hand: validation, one process per
 * key reused across requests, result fix-ups, server/discover, cancellation, input_required
 * rounds, subscriptions/listen and per-request logging.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../../../server/keys/keys-service.ts";
import { type GatewayHarness, addEverythingDeployment, startGatewayHarness } from "./harness.ts";
import { eventually } from "../../test-support/eventually.ts";

const VERSION = "2026-07-28";
const PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
const CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
const SERVER_INFO = "io.modelcontextprotocol/serverInfo";
const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

let h: GatewayHarness;

beforeAll(async () => {
  h = await startGatewayHarness();
  await addEverythingDeployment(h.db, h.tenantA.id, "stateless", {});
  await addEverythingDeployment(h.db, h.tenantA.id, "roots", {});
});

afterAll(async () => {
  await h?.close();
});

type Body = { jsonrpc: "2.0"; id?: string | number; method: string; params: Record<string, unknown> };

interface Reply {
  id?: unknown;
  method?: string;
  result?: Record<string, any>;
  error?: { code: number; message: string; data?: any };
  params?: Record<string, any>;
}

/** A modern request: the envelope in `_meta`, plus whatever `_meta` keys the test adds. */
function request(id: string | number, method: string, params: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Body {
  return { jsonrpc: "2.0", id, method, params: { ...params, _meta: { [PROTOCOL_VERSION]: VERSION, [CLIENT_CAPABILITIES]: {}, ...meta } } };
}

const callTool = (id: string | number, name: string, args: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => request(id, "tools/call", { name, arguments: args }, meta);

/** The headers a 2026-07-28 client sends with `body`, with `extra` over them (undefined drops one). */
function headersFor(body: Body, key: string, extra: Record<string, string | undefined>): Record<string, string> {
  const name = body.params.name ?? body.params.uri;
  const headers: Record<string, string | undefined> = {
    authorization: `Bearer ${key}`,
    accept: "application/json, text/event-stream",
    "content-type": "application/json",
    "mcp-protocol-version": VERSION,
    "mcp-method": body.method,
    ...(typeof name === "string" ? { "mcp-name": name } : {}),
    ...extra,
  };
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

interface PostOptions {
  key?: string;
  deployment?: string;
  headers?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

function post(body: Body | unknown[], options: PostOptions = {}): Promise<Response> {
  const key = options.key ?? h.tenantA.key;
  const headers = Array.isArray(body) ? headersFor(body[0] as Body, key, options.headers ?? {}) : headersFor(body, key, options.headers ?? {});
  return fetch(`${h.url}/mcp/${options.deployment ?? "everything"}`, { method: "POST", headers, body: JSON.stringify(body), signal: options.signal });
}

/** POSTs and reads a plain JSON answer. */
async function call(body: Body, options: PostOptions = {}): Promise<{ status: number; reply: Reply; response: Response }> {
  const response = await post(body, options);
  expect(response.headers.get("content-type")).toBe("application/json");
  return { status: response.status, reply: (await response.json()) as Reply, response };
}

/** Reads an SSE answer message by message; notes whether any event carried an id. */
class StreamReader {
  hadIds = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";

  constructor(response: Response) {
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    this.reader = response.body!.getReader();
  }

  /** The next message, or undefined once the stream has ended. */
  async next(): Promise<Reply | undefined> {
    for (;;) {
      let end: number;
      while ((end = this.buffer.indexOf("\n\n")) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        if (/^id:/m.test(block)) this.hadIds = true;
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) return JSON.parse(data) as Reply;
      }
      const { value, done } = await this.reader.read();
      if (done) return undefined;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  async rest(): Promise<Reply[]> {
    const messages: Reply[] = [];
    for (let message = await this.next(); message; message = await this.next()) messages.push(message);
    return messages;
  }

  cancel(): Promise<void> {
    return this.reader.cancel().catch(() => {});
  }
}

async function readStream(response: Response): Promise<{ messages: Reply[]; hadIds: boolean }> {
  const reader = new StreamReader(response);
  const messages = await reader.rest();
  return { messages, hadIds: reader.hadIds };
}

async function expectError(response: Response, status: number, code: number, message: RegExp, id: unknown): Promise<Reply> {
  expect(response.status).toBe(status);
  const reply = (await response.json()) as Reply;
  expect(reply.id).toBe(id);
  expect(reply.error?.code).toBe(code);
  expect(reply.error?.message).toMatch(message);
  return reply;
}

const processesOf = (deployment: string) => h.agent.processes().filter((p) => p.deployment === deployment && p.state === "leased");
const inFlightUpstream = () => h.agent.processes().reduce((sum, p) => sum + p.inFlight, 0);
const textOf = (reply: Reply) => (reply.result?.content as Array<{ text: string }>).map((item) => item.text).join("\n");

async function newKeyOfA(): Promise<string> {
  const { key } = await createKey({ db: h.db, tenantId: h.tenantA.id, name: `modern ${randomBytes(3).toString("hex")}`, scopes: ["*"], actor: "test" });
  return key;
}

describe("MCP 2026-07-28 (stateless)", () => {
  describe("validation", () => {
    it("names a missing protocolVersion or clientCapabilities in _meta (400, -32602)", async () => {
      const noVersion = { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: { [CLIENT_CAPABILITIES]: {} } } } as Body;
      await expectError(await post(noVersion), 400, -32602, /io\.modelcontextprotocol\/protocolVersion/, 1);
      const noCapabilities = { jsonrpc: "2.0", id: "b", method: "tools/list", params: { _meta: { [PROTOCOL_VERSION]: VERSION } } } as Body;
      await expectError(await post(noCapabilities), 400, -32602, /io\.modelcontextprotocol\/clientCapabilities/, "b");
    });

    it("refuses a revision it does not speak with -32022 and the ones it does", async () => {
      const body = request(2, "tools/list", {}, { [PROTOCOL_VERSION]: "1900-01-01" });
      const reply = await expectError(await post(body, { headers: { "mcp-protocol-version": "1900-01-01" } }), 400, -32022, /Unsupported protocol version/, 2);
      expect(reply.error!.data).toEqual({ supported: expect.arrayContaining([VERSION, "2025-11-25"]), requested: "1900-01-01" });
    });

    it.each<[string, Record<string, string | undefined>, RegExp]>([
      ["a missing MCP-Protocol-Version", { "mcp-protocol-version": undefined }, /MCP-Protocol-Version header is missing/],
      ["an MCP-Protocol-Version other than _meta's", { "mcp-protocol-version": "2025-11-25" }, /MCP-Protocol-Version header \(2025-11-25\) does not match/],
      ["a missing Mcp-Method", { "mcp-method": undefined }, /Mcp-Method header is missing/],
      ["an Mcp-Method other than the method", { "mcp-method": "tools/list" }, /Mcp-Method header \(tools\/list\) does not match/],
      ["a missing Mcp-Name", { "mcp-name": undefined }, /Mcp-Name header is missing: tools\/call requests carry params.name/],
      ["an Mcp-Name other than params.name", { "mcp-name": "get-sum" }, /Mcp-Name header \(get-sum\) does not match params.name/],
    ])("refuses %s with -32020 naming the header", async (_, headers, message) => {
      await expectError(await post(callTool(3, "echo", { message: "x" }), { headers }), 400, -32020, message, 3);
    });

    it("takes Mcp-Name base64-encoded, and checks it against params.uri for resources/read", async () => {
      const uri = "demo://resource/dynamic/text/1";
      const read = request(4, "resources/read", { uri });
      await expectError(await post(read, { headers: { "mcp-name": "demo://other" } }), 400, -32020, /params.uri/, 4);
      const encoded = `=?base64?${Buffer.from(uri).toString("base64")}?=`;
      const { status, reply } = await call(read, { headers: { "mcp-name": encoded } });
      expect(status).toBe(200);
      expect(reply.result!.contents[0].uri).toBe(uri);
    });

    it("refuses a batch with -32600", async () => {
      await expectError(await post([callTool(5, "echo", { message: "a" }), callTool(6, "echo", { message: "b" })]), 400, -32600, /batches are not allowed/, null);
    });

    it.each(["ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe", "tasks/get"])("answers %s, removed in 2026-07-28, with 404 and -32601", async (method) => {
      await expectError(await post(request(7, method, { uri: "demo://x", taskId: "t" })), 404, -32601, new RegExp(`${method} was removed in MCP 2026-07-28`), 7);
    });

    it("answers notifications/initialized with 404 and other notifications with 202", async () => {
      const initialized = { jsonrpc: "2.0", method: "notifications/initialized", params: { _meta: { [PROTOCOL_VERSION]: VERSION } } } as Body;
      await expectError(await post(initialized), 404, -32601, /removed/, null);
      const cancelled = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1, _meta: { [PROTOCOL_VERSION]: VERSION } } } as Body;
      const response = await post(cancelled);
      expect(response.status).toBe(202);
      expect(await response.text()).toBe("");
    });

    it("answers a GET or DELETE that says 2026-07-28 with 405, and keeps 400 no_session for the rest", async () => {
      for (const method of ["GET", "DELETE"]) {
        const response = await fetch(`${h.url}/mcp/everything`, { method, headers: { authorization: `Bearer ${h.tenantA.key}`, "mcp-protocol-version": VERSION } });
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe("POST");
        await response.text();
      }
      const legacy = await fetch(`${h.url}/mcp/everything`, { method: "GET", headers: { authorization: `Bearer ${h.tenantA.key}` } });
      expect(legacy.status).toBe(400);
      expect((await legacy.json()).error.data.reason).toBe("no_session");
    });

    it("still admits the key first: no key is 401 before anything modern is looked at", async () => {
      const response = await fetch(`${h.url}/mcp/everything`, { method: "POST", headers: headersFor(request(8, "tools/list"), "", { authorization: undefined }), body: JSON.stringify(request(8, "tools/list")) });
      expect(response.status).toBe(401);
      await response.text();
    });

    it("answers an unknown method, as the server does, with 404", async () => {
      await expectError(await post(request(9, "no/such-method")), 404, -32601, /not found/i, 9);
    });
  });

  describe("results", () => {
    it("answers a call with JSON: resultType, serverInfo, and no session header", async () => {
      const { status, reply, response } = await call(callTool(10, "echo", { message: "modern" }));
      expect(status).toBe(200);
      expect(response.headers.get("mcp-session-id")).toBeNull();
      expect(reply).toMatchObject({ jsonrpc: "2.0", id: 10, result: { resultType: "complete", content: [{ type: "text", text: "Echo: modern" }] } });
      expect(reply.result!._meta[SERVER_INFO]).toMatchObject({ name: "mcp-servers/everything" });
    });

    it("makes lists and reads cacheable, privately, for 0 ms, and drops 2025 task support from tools", async () => {
      for (const method of ["tools/list", "prompts/list", "resources/list", "resources/templates/list"]) {
        const { reply } = await call(request(11, method));
        expect(reply.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });
      }
      const { reply } = await call(request(12, "tools/list"));
      expect(reply.result!.tools.length).toBeGreaterThan(5);
      expect(reply.result!.tools.filter((tool: Record<string, unknown>) => "execution" in tool)).toEqual([]);
    });

    it("streams progress when the request has a progressToken, with no event ids", async () => {
      const body = callTool(13, "trigger-long-running-operation", { duration: 0.2, steps: 2 }, { progressToken: "p" });
      const { messages, hadIds } = await readStream(await post(body));
      expect(messages.map((m) => m.method ?? "reply")).toEqual(["notifications/progress", "notifications/progress", "reply"]);
      expect(messages[0]!.params).toMatchObject({ progressToken: "p", progress: 1, total: 2 });
      expect(messages[2]).toMatchObject({ id: 13, result: { resultType: "complete" } });
      expect(hadIds).toBe(false);
    });

    it("answers server/discover from the process's initialize result", async () => {
      const { status, reply } = await call(request("d", "server/discover"));
      expect(status).toBe(200);
      const result = reply.result!;
      expect(result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private", capabilities: { tools: { listChanged: true }, resources: { subscribe: true } } });
      expect(result.supportedVersions).toContain(VERSION);
      expect(result.capabilities.tasks).toBeUndefined();
      expect(typeof result.instructions).toBe("string");
      expect(result._meta[SERVER_INFO]).toMatchObject({ name: "mcp-servers/everything" });
    });
  });

  describe("processes", () => {
    it("keeps one process per key and deployment for its requests, and another for another key", async () => {
      const before = processesOf("stateless").length;
      for (const id of [1, 2, 3]) expect((await call(callTool(id, "echo", { message: "again" }), { deployment: "stateless" })).status).toBe(200);
      const mine = processesOf("stateless");
      expect(mine).toHaveLength(before + 1);
      const calls = mine.reduce((sum, p) => sum + p.calls, 0);
      expect((await call(callTool(4, "echo", { message: "again" }), { deployment: "stateless" })).status).toBe(200);
      expect(processesOf("stateless").reduce((sum, p) => sum + p.calls, 0)).toBe(calls + 1);

      const otherKey = await newKeyOfA();
      expect((await call(callTool(1, "echo", { message: "other key" }), { key: otherKey, deployment: "stateless" })).status).toBe(200);
      expect(processesOf("stateless")).toHaveLength(before + 2);
    });

    it("cancels a call upstream when the client hangs up", async () => {
      const hangUp = new AbortController();
      const pending = post(callTool(20, "trigger-long-running-operation", { duration: 5, steps: 1 }), { signal: hangUp.signal }).catch((error: Error) => error);
      await eventually("the call reaches the server", 5_000, () => inFlightUpstream() === 1);
      hangUp.abort();
      expect(await pending).toBeInstanceOf(Error);
      await eventually("the call is cancelled upstream", 5_000, () => inFlightUpstream() === 0);
      expect((await call(callTool(21, "echo", { message: "still here" }))).reply.result!.content[0].text).toBe("Echo: still here");
    });
  });

  describe("input_required", () => {
    const elicitation = { [CLIENT_CAPABILITIES]: { elicitation: {} } };

    async function askForElicitation(id: number): Promise<{ key: string; requestState: string; params: Record<string, any> }> {
      const { status, reply } = await call(callTool(id, "trigger-elicitation-request", {}, elicitation));
      expect(status).toBe(200);
      expect(reply.id).toBe(id);
      expect(reply.result!.resultType).toBe("input_required");
      const entries = Object.entries(reply.result!.inputRequests as Record<string, { method: string; params: Record<string, any> }>);
      expect(entries).toHaveLength(1);
      const [key, input] = entries[0]!;
      expect(input.method).toBe("elicitation/create");
      return { key, requestState: reply.result!.requestState, params: input.params };
    }

    it("turns the server's elicitation into input_required, and the retry's answer into the result", async () => {
      const asked = await askForElicitation(30);
      expect(asked.params.message).toMatch(/Please provide inputs/);
      expect(asked.params.requestedSchema.required).toEqual(["name"]);
      expect(inFlightUpstream()).toBe(1);
      const retry = callTool(31, "trigger-elicitation-request", {}, elicitation);
      retry.params.inputResponses = { [asked.key]: { action: "accept", content: { name: "Ada" } } };
      retry.params.requestState = asked.requestState;
      const { status, reply } = await call(retry);
      expect(status).toBe(200);
      expect(reply).toMatchObject({ id: 31, result: { resultType: "complete" } });
      expect(textOf(reply)).toContain("- Name: Ada");
      expect(inFlightUpstream()).toBe(0);
    });

    it("asks again when the retry lacks the answer, and takes each requestState once", async () => {
      const asked = await askForElicitation(32);
      const bare = callTool(33, "trigger-elicitation-request", {}, elicitation);
      bare.params.requestState = asked.requestState;
      const again = await call(bare);
      expect(again.reply.result).toMatchObject({ resultType: "input_required", inputRequests: { [asked.key]: { method: "elicitation/create" } } });
      expect(again.reply.result!.requestState).not.toBe(asked.requestState);

      const replay = callTool(34, "trigger-elicitation-request", {}, elicitation);
      replay.params.requestState = asked.requestState;
      replay.params.inputResponses = { [asked.key]: { action: "decline" } };
      await expectError(await post(replay), 400, -32602, /used already/, 34);

      const retry = callTool(35, "trigger-elicitation-request", {}, elicitation);
      retry.params.requestState = again.reply.result!.requestState;
      retry.params.inputResponses = { [asked.key]: { action: "decline" } };
      expect(textOf((await call(retry)).reply)).toContain("declined");
    });

    it("refuses a requestState that was altered, is another key's or is for other params (400, -32602)", async () => {
      const asked = await askForElicitation(36);
      const retryWith = (requestState: string, args: Record<string, unknown> = {}) => {
        const retry = callTool(37, "trigger-elicitation-request", args, elicitation);
        retry.params.requestState = requestState;
        retry.params.inputResponses = { [asked.key]: { action: "cancel" } };
        return retry;
      };
      const altered = `${asked.requestState.slice(0, -4)}AAAA`;
      await expectError(await post(retryWith(altered)), 400, -32602, /not a state this gateway issued/, 37);
      await expectError(await post(retryWith("not-a-token")), 400, -32602, /not a state this gateway issued/, 37);
      await expectError(await post(retryWith(asked.requestState), { key: await newKeyOfA() }), 400, -32602, /another API key/, 37);
      await expectError(await post(retryWith(asked.requestState, { extra: 1 })), 400, -32602, /belongs to another request/, 37);
      // None of those spent the round: the real retry still goes through.
      expect(textOf((await call(retryWith(asked.requestState))).reply)).toContain("cancelled");
    });

    it("answers -32021 naming the capability when the server needs one the request did not declare", async () => {
      const { status, reply } = await call(callTool(38, "trigger-elicitation-request"));
      expect(status).toBe(400);
      expect(reply.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: { form: {} } } } });
      expect(reply.error!.message).toMatch(/needs the client capability elicitation/);
      // The server heard that nobody will answer, and the key's process serves the next call.
      expect(textOf((await call(callTool(39, "echo", { message: "after" }))).reply)).toBe("Echo: after");
    });

    it("asks a client that declared roots for them, and answers roots for one that did not", async () => {
      // A fresh process: the server has not cached anyone's roots yet, so it asks during the call.
      const roots = { [CLIENT_CAPABILITIES]: { roots: {} } };
      let { reply } = await call(callTool(41, "get-roots-list", {}, roots), { deployment: "roots" });
      expect(reply.result!.resultType).toBe("input_required");
      for (let round = 0; reply.result!.resultType === "input_required"; round++) {
        expect(round).toBeLessThan(3);
        const inputRequests = reply.result!.inputRequests as Record<string, { method: string }>;
        expect(Object.values(inputRequests).map((input) => input.method)).toEqual(Object.keys(inputRequests).map(() => "roots/list"));
        const retry = callTool(42 + round, "get-roots-list", {}, roots);
        retry.params.requestState = reply.result!.requestState;
        retry.params.inputResponses = Object.fromEntries(Object.keys(inputRequests).map((key) => [key, { roots: [{ uri: "file:///work", name: "work" }] }]));
        ({ reply } = await call(retry, { deployment: "roots" }));
      }
      expect(reply.result).toMatchObject({ resultType: "complete" });
      expect(reply.result!.isError).toBeUndefined();

      const without = await call(callTool(40, "get-roots-list"), { deployment: "roots" });
      expect(without.reply.result).toMatchObject({ resultType: "complete" });
      expect(without.reply.result!.isError).toBeUndefined();
      expect(inFlightUpstream()).toBe(0);
    });
  });

  describe("logging", () => {
    it("sends log messages only to a request that asked for them", async () => {
      const { messages } = await readStream(await post(callTool(50, "toggle-simulated-logging", {}, { "io.modelcontextprotocol/logLevel": "debug" })));
      expect(messages.map((m) => m.method ?? "reply")).toEqual(["notifications/message", "reply"]);
      expect(messages[1]!.result!.content[0].text).toMatch(/^Started/);
      // Without logLevel the answer is plain JSON: no log message came first.
      const { reply } = await call(callTool(51, "toggle-simulated-logging"));
      expect(reply.result!.content[0].text).toMatch(/^Stopped/);
    });
  });

  describe("subscriptions/listen", () => {
    const uri = "demo://resource/dynamic/text/7";

    it("acks the honoured filter first, then only the opted-in notifications, tagged", async () => {
      const listen = request("listen-1", "subscriptions/listen", { notifications: { toolsListChanged: true, resourceSubscriptions: [uri], unknownKind: true } });
      const stream = new StreamReader(await post(listen));
      // The ack comes once the server has the subscription, so the toggle's first update is heard.
      expect(await stream.next()).toEqual({
        jsonrpc: "2.0",
        method: "notifications/subscriptions/acknowledged",
        params: { _meta: { [SUBSCRIPTION_ID]: "listen-1" }, notifications: { toolsListChanged: true, resourceSubscriptions: [uri] } },
      });
      const toggle = async (id: number) => expect((await call(callTool(id, "toggle-subscriber-updates"))).status).toBe(200);
      await toggle(60);
      try {
        expect(await stream.next()).toEqual({ jsonrpc: "2.0", method: "notifications/resources/updated", params: { uri, _meta: { [SUBSCRIPTION_ID]: "listen-1" } } });
      } finally {
        await stream.cancel();
        await toggle(61);
      }
    });

    it("refuses a listen without a filter (400, -32602)", async () => {
      await expectError(await post(request("listen-2", "subscriptions/listen")), 400, -32602, /params.notifications/, "listen-2");
    });
  });

  // Last: it closes the gateway.
  it("ends each listen stream with its result when the gateway closes", async () => {
    const stream = new StreamReader(await post(request("listen-3", "subscriptions/listen", { notifications: { promptsListChanged: true } })));
    expect((await stream.next())!.params!.notifications).toEqual({ promptsListChanged: true });
    await h.gateway.close();
    expect(await stream.rest()).toEqual([{ jsonrpc: "2.0", id: "listen-3", result: { resultType: "complete", _meta: { [SUBSCRIPTION_ID]: "listen-3" } } }]);
  });
});
