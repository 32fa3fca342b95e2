import { describe, expect, it } from "vitest";
import { type Message, SessionMux } from "../../agent/session-mux.ts";
import { ERROR_CODES } from "../../protocol/jsonrpc.ts";
import type { UpstreamHandle } from "../../protocol/upstream-handle.ts";
import type { McpTool } from "./catalog.ts";
import { compositionSpecSchema } from "./composition-spec.ts";
import { CompositeUpstream } from "./composite-upstream.ts";

/**
 * A member's server, scripted: the real SessionMux in front (as in the agent), tools/list
 * answered from `tools` in pages of two, tools/call answered with what it was called with —
 * except "slow", which waits for the test to answer it.
 */
class FakeMember implements UpstreamHandle {
  readonly mux: SessionMux;
  readonly received: Message[] = [];
  alive = true;
  private readonly exitListeners = new Set<(exit: { reason: string }) => void>();

  constructor(
    public tools: McpTool[],
    readonly initializeResult: Record<string, unknown> = { capabilities: { tools: { listChanged: true }, logging: {} }, serverInfo: { name: "fake", version: "1" } },
  ) {
    this.mux = new SessionMux({ send: (line) => this.receive(JSON.parse(line)), alive: true, recordCall: () => {} });
  }

  attach() {
    return this.mux.attach();
  }

  onExit(listener: (exit: { reason: string }) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** A line from the server, as its stdout would carry it. */
  say(message: Record<string, unknown>): void {
    this.mux.fromServer(JSON.stringify({ jsonrpc: "2.0", ...message }));
  }

  exit(reason: string): void {
    this.alive = false;
    this.mux.failAll(`the MCP server process ${reason}`);
    for (const listener of this.exitListeners) listener({ reason });
  }

  calls(method: string): Message[] {
    return this.received.filter((m) => m.method === method);
  }

  private receive(message: Message): boolean {
    this.received.push(message);
    if (message.id === undefined || message.method === undefined) return true;
    const reply = (result: unknown) => queueMicrotask(() => this.say({ id: message.id, result }));
    if (message.method === "tools/list") {
      const start = Number(message.params?.cursor ?? 0);
      const next = start + 2 < this.tools.length ? String(start + 2) : undefined;
      reply({ tools: this.tools.slice(start, start + 2), ...(next ? { nextCursor: next } : {}) });
    } else if (message.method === "tools/call" && message.params?.name !== "slow") {
      reply({ content: [{ type: "text", text: JSON.stringify(message.params) }] });
    } else if (message.method === "logging/setLevel") {
      reply({});
    }
    return true;
  }
}

const tool = (name: string, properties: Record<string, unknown> = {}): McpTool => ({ name, inputSchema: { type: "object", properties, required: Object.keys(properties) } });

function setUp() {
  const a = new FakeMember([tool("echo", { message: { type: "string" } }), tool("add", { a: { type: "number" }, b: { type: "number" } }), tool("get-env"), tool("slow")]);
  const b = new FakeMember([tool("echo", { message: { type: "string" } }), tool("read", { path: { type: "string" }, n: { type: "number" } })]);
  const spec = compositionSpecSchema.parse({
    members: [
      { deployment: "alpha", prefix: "a_", exclude: ["get-env"] },
      { deployment: "beta", prefix: "b_", tools: { echo: { name: "shout" }, read: { fixedArguments: { path: "/srv" } } } },
    ],
  });
  const composite = new CompositeUpstream("combo", [
    { spec: spec.members[0]!, deploymentId: "dep-a", lease: { handle: a, node: "n1", process: "pa" } },
    { spec: spec.members[1]!, deploymentId: "dep-b", lease: { handle: b, node: "n1", process: "pb" } },
  ]);
  const port = composite.attach();
  const out: Message[] = [];
  port.onMessage = (message) => out.push(message);
  const calls: boolean[] = [];
  port.onCall = (_ms, failed) => calls.push(failed);
  port.declareCapabilities({ elicitation: {} });
  /** Sends a client request; resolves with the reply to it (or the immediate error). */
  const request = async (id: number | string, method: string, params?: Record<string, unknown>): Promise<Message> => {
    const refused = port.send({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) });
    if (refused) return refused as Message;
    for (let i = 0; i < 100; i++) {
      const reply = out.find((m) => m.id === id && m.method === undefined);
      if (reply) return reply;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`no reply to ${method} ${id}`);
  };
  return { a, b, composite, port, out, calls, request };
}

describe("CompositeUpstream", () => {
  it("answers initialize-time questions as one server named after the composite", async () => {
    const { composite, request } = setUp();
    expect(composite.initializeResult).toMatchObject({ capabilities: { tools: { listChanged: true }, logging: {} }, serverInfo: { name: "combo", title: "combo (composite of alpha, beta)" } });
    expect(composite.initializeResult.capabilities).not.toHaveProperty("prompts");
    expect(await request("p", "ping")).toEqual({ jsonrpc: "2.0", id: "p", result: {} });
  });

  it("lists every member's tools through all their pages: prefixed, renamed, filtered, fixed arguments hidden", async () => {
    const { a, b, request } = setUp();
    const reply = await request(1, "tools/list");
    const tools = (reply.result as { tools: McpTool[] }).tools;
    expect(tools.map((t) => t.name)).toEqual(["a_echo", "a_add", "a_slow", "b_shout", "b_read"]);
    expect(tools.find((t) => t.name === "b_read")!.inputSchema).toEqual({ type: "object", properties: { n: { type: "number" } }, required: ["n"] });
    expect(a.calls("tools/list").map((m) => m.params?.cursor)).toEqual([undefined, "2"]);
    expect(b.calls("tools/list")).toHaveLength(1);
    expect(await request(2, "tools/list", { cursor: "x" })).toMatchObject({ id: 2, error: { code: ERROR_CODES.invalidParams, message: expect.stringContaining("invalid cursor") } });
  });

  it("routes a call by its name: the original name back, fixed arguments merged, the client's id kept", async () => {
    const { b, request } = setUp();
    await request(1, "tools/list");
    const shout = await request("c1", "tools/call", { name: "b_shout", arguments: { message: "hi" } });
    expect(shout).toEqual({ jsonrpc: "2.0", id: "c1", result: { content: [{ type: "text", text: JSON.stringify({ name: "echo", arguments: { message: "hi" } }) }] } });
    const read = await request(7, "tools/call", { name: "b_read", arguments: { n: 3 } });
    expect(JSON.parse((read.result as { content: Array<{ text: string }> }).content[0]!.text)).toEqual({ name: "read", arguments: { n: 3, path: "/srv" } });
    expect(b.calls("tools/call").map((m) => m.params?.name)).toEqual(["echo", "read"]);
  });

  it("refuses a caller's value for a fixed argument, and an unknown tool, with -32602 and nothing sent", async () => {
    const { b, request } = setUp();
    await request(1, "tools/list");
    const fixed = await request(2, "tools/call", { name: "b_read", arguments: { n: 1, path: "/etc" } });
    expect(fixed.error).toEqual({
      code: ERROR_CODES.invalidParams,
      message: 'argument "path" of tool "b_read" is fixed by composite "combo" and cannot be set by the caller: leave it out',
      data: { reason: "fixed_argument", argument: "path" },
    });
    const unknown = await request(3, "tools/call", { name: "a_get-env" });
    expect(unknown.error).toMatchObject({ code: ERROR_CODES.invalidParams, message: 'unknown tool "a_get-env": composite "combo" offers a_echo, a_add, a_slow, b_shout, b_read' });
    expect(b.calls("tools/call")).toHaveLength(0);
  });

  it("lists the tools itself when a call comes before any list", async () => {
    const { a, request } = setUp();
    const reply = await request(1, "tools/call", { name: "a_add", arguments: { a: 1, b: 2 } });
    expect(JSON.parse((reply.result as { content: Array<{ text: string }> }).content[0]!.text)).toEqual({ name: "add", arguments: { a: 1, b: 2 } });
    expect(a.calls("tools/list").length).toBeGreaterThan(0);
  });

  it("passes progress under the client's token, and cancels upstream under the member's own id", async () => {
    const { a, port, out, request } = setUp();
    await request(1, "tools/list");
    expect(port.send({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "a_slow", _meta: { progressToken: "tok" } } })).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sent = a.calls("tools/call").at(-1)!;
    expect(sent.params?.name).toBe("slow");
    a.say({ method: "notifications/progress", params: { progressToken: sent.params?._meta?.progressToken, progress: 1, total: 2 } });
    expect(out.at(-1)).toEqual({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "tok", progress: 1, total: 2 } });
    port.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 9, reason: "enough" } });
    expect(a.received.at(-1)).toEqual({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: sent.id, reason: "enough" } });
    a.say({ id: sent.id, result: { content: [] } });
    expect(out.some((m) => m.id === 9 && m.method === undefined)).toBe(false);
  });

  it("drops the answer to a cancelled request, even when a new request reuses its id", async () => {
    const { port, out, request } = setUp();
    expect(port.send({ jsonrpc: "2.0", id: 5, method: "tools/list" })).toBeUndefined();
    port.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 5 } });
    expect(await request(5, "ping")).toEqual({ jsonrpc: "2.0", id: 5, result: {} });
    await request(6, "tools/list");
    expect(out.filter((m) => m.id === 5)).toEqual([{ jsonrpc: "2.0", id: 5, result: {} }]);
  });

  it("gives members' requests to the client ids of its own, and their answers back under theirs", async () => {
    const { a, b, out, port, request } = setUp();
    await request(1, "tools/list");
    port.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "a_slow" } });
    a.say({ id: 0, method: "elicitation/create", params: { message: "from a" } });
    b.say({ id: 0, method: "elicitation/create", params: { message: "from b" } });
    const asks = out.filter((m) => m.method === "elicitation/create");
    expect(asks.map((m) => m.params?.message)).toEqual(["from a", "from b"]);
    expect(new Set(asks.map((m) => m.id)).size).toBe(2);
    port.send({ jsonrpc: "2.0", id: asks[1]!.id, result: { action: "decline" } });
    port.send({ jsonrpc: "2.0", id: asks[0]!.id, result: { action: "accept" } });
    expect(b.received.at(-1)).toEqual({ jsonrpc: "2.0", id: 0, result: { action: "decline" } });
    expect(a.received.at(-1)).toEqual({ jsonrpc: "2.0", id: 0, result: { action: "accept" } });
  });

  it("fails a gone member's calls naming it while the other member goes on; ends when every member is gone", async () => {
    const { a, b, composite, port, out, request } = setUp();
    const exits: string[] = [];
    composite.onExit((exit) => exits.push(exit.reason));
    await request(1, "tools/list");
    port.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "a_slow" } });
    a.exit("exited with code 1");
    const failed = out.find((m) => m.id === 2)!;
    expect(failed.error).toMatchObject({ code: ERROR_CODES.upstreamGone, message: 'member 1 (alpha (prefix "a_")) of composite "combo": the MCP server process exited with code 1' });
    const later = await request(3, "tools/call", { name: "a_echo", arguments: { message: "x" } });
    expect(later.error).toMatchObject({
      code: ERROR_CODES.upstreamGone,
      message: 'tool "a_echo" of composite "combo" goes to member 1 (alpha (prefix "a_")), whose process ended (exited with code 1): its tools fail until you start a new session; the other members\' tools keep working',
      data: { reason: "member_lost", member: "alpha" },
    });
    expect(exits).toEqual([]);
    expect((await request(4, "tools/call", { name: "b_shout", arguments: { message: "still" } })).result).toBeDefined();
    expect(((await request(5, "tools/list")).result as { tools: McpTool[] }).tools.map((t) => t.name)).toEqual(["b_shout", "b_read"]);
    b.exit("killed by SIGKILL");
    expect(exits).toHaveLength(1);
    expect(exits[0]).toContain("every member is gone");
  });

  it("fails calls in flight on a member that disappears without answering (a lost node)", async () => {
    const { a, composite, port, out, request } = setUp();
    await request(1, "tools/list");
    port.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "a_slow" } });
    // Exit listeners only, as a remote process whose link broke: nothing answers the call.
    (a as unknown as { exitListeners: Set<(exit: { reason: string }) => void> }).exitListeners.forEach((listener) => listener({ reason: "was lost: the link closed" }));
    expect(out.find((m) => m.id === 2)?.error).toMatchObject({ code: ERROR_CODES.upstreamGone, message: expect.stringContaining("member 1 (alpha") });
    expect(composite.members[0]!.gone).toBe("was lost: the link closed");
  });

  it("reads a member's tools again after it says they changed, and tells the client", async () => {
    const { a, out, request } = setUp();
    await request(1, "tools/list");
    a.tools = [...a.tools, tool("fresh")];
    a.say({ method: "notifications/tools/list_changed" });
    expect(out.at(-1)).toEqual({ jsonrpc: "2.0", method: "notifications/tools/list_changed" });
    const reply = await request(2, "tools/call", { name: "a_fresh" });
    expect(reply.result).toBeDefined();
  });

  it("lets the members go when the last user leaves", async () => {
    const { a, b, composite, port, request } = setUp();
    const stop = composite.onExit(() => {});
    await request(1, "tools/list");
    expect(a.mux.ports.size).toBe(1); // the session's; the composite's own port is only there while it lists
    port.detach();
    stop();
    expect(a.mux.ports.size).toBe(0);
    expect(b.mux.ports.size).toBe(0);
  });
});
