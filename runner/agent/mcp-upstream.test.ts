import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Mode, childrenRunning, fixtureSpec, isAlive, soon, clientSend, collect } from "./test/fixtures.ts";
import { McpUpstream, UpstreamError } from "./mcp-upstream.ts";
import type { ProcessSpec } from "./process-spec.ts";
import type { ProcessExit } from "./stdio-process.ts";

const spec = fixtureSpec;
const MAX_LINE_BYTES = 16 * 1024 * 1024;


const fixtureChildren = () => childrenRunning();

const upstreams: McpUpstream[] = [];

function start(mode: Mode): McpUpstream {
  const upstream = new McpUpstream(spec(mode), `fake-${mode}`);
  upstreams.push(upstream);
  return upstream;
}


const exitOf = (upstream: McpUpstream) => new Promise<ProcessExit>((resolve) => upstream.onExit(resolve));
const call = (id: number | string, name: string, args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

afterEach(async () => {
  const all = upstreams.splice(0);
  await Promise.all(all.map((upstream) => upstream.stop("test over", 500)));
  const everyPid = [...all.map((upstream) => upstream.process.pid), ...fixtureChildren()];
  await expect.poll(() => everyPid.filter(isAlive), soon).toEqual([]);
});

describe("McpUpstream", () => {
  it("stops calling an exit listener once it is removed, and calls the others", async () => {
    const upstream = start("ok");
    await upstream.initialize(2000);
    const heard: string[] = [];
    const stop = upstream.onExit(() => heard.push("removed"));
    upstream.onExit(() => heard.push("kept"));
    stop();
    const exited = exitOf(upstream);
    await upstream.stop("test over", 500);
    await exited;
    expect(heard).toEqual(["kept"]);
  });

  it("initializes the server itself and answers pings", async () => {
    const upstream = start("ok");
    expect(upstream.state).toBe("starting");
    await upstream.initialize(2000);
    expect(upstream.state).toBe("ready");
    expect(upstream.initializeResult).toEqual({
      protocolVersion: expect.any(String),
      capabilities: { tools: {} },
      serverInfo: { name: "fake", version: "1" },
    });
    await expect(upstream.ping(2000)).resolves.toEqual({});
  });

  it("reports a SIGKILL during a call to exit listeners and to pending pings", async () => {
    const upstream = start("ok");
    await upstream.initialize(2000);
    const lines = collect(upstream);
    const exits: ProcessExit[] = [];
    upstream.onExit((exit) => exits.push(exit));
    const exited = exitOf(upstream);

    // The server is busy with this call (it blocks its event loop), so the ping stays unanswered.
    clientSend(upstream, call("in-flight", "block", { ms: 5000 }));
    const ping = upstream.ping(5000).then(
      () => "answered",
      (error: unknown) => error,
    );
    process.kill(upstream.process.pid!, "SIGKILL");

    const exit = await exited;
    expect(exit).toMatchObject({ code: null, signal: "SIGKILL" });
    expect(exit.reason).toContain("SIGKILL");
    expect(exits).toEqual([exit]);
    const error = await ping;
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe("the server process killed by SIGKILL");
    // The call in flight ends with an error that says what happened, instead of hanging.
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { jsonrpc: "2.0", id: "in-flight", error: { code: -32002, message: "the MCP server process killed by SIGKILL" } },
    ]);
    expect(upstream).toMatchObject({ state: "exited", alive: false, crashed: true });

    // A ping after the exit fails at once, with the same reason.
    await expect(upstream.ping(5000)).rejects.toThrow(new UpstreamError("the server process killed by SIGKILL"));
  });

  it("kills a server that writes a line longer than the limit, without holding it in memory", async () => {
    const upstream = start("garbage");
    await upstream.initialize(2000);
    const lines = collect(upstream);
    const exited = exitOf(upstream);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);

    clientSend(upstream, call(1, "echo", { message: "x" }));
    const exit = await exited;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(exit.reason).toContain("longer than");
    expect(exit.reason).toBe(`wrote a line longer than ${MAX_LINE_BYTES} bytes`);
    expect(exit.signal).toBe("SIGTERM");
    // The 50 MB line never reached anyone, the non-JSON line before it is dropped, and the call
    // in flight gets an error naming the cause.
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { jsonrpc: "2.0", id: 1, error: { code: -32002, message: `the MCP server process wrote a line longer than ${MAX_LINE_BYTES} bytes` } },
    ]);
    expect(upstream.crashed).toBe(true);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("passes client messages on and keeps replies to its own requests", async () => {
    const upstream = start("ok");
    const lines = collect(upstream);
    await upstream.initialize(2000);
    const pings = [upstream.ping(2000), upstream.ping(2000), upstream.ping(2000)];
    clientSend(upstream, call("client-1", "echo", { message: "a" }));
    clientSend(upstream, JSON.stringify({ jsonrpc: "2.0", id: 42, method: "ping" }));
    // Looks like one of the agent's ids, but without the leading NUL it is the client's.
    clientSend(upstream, JSON.stringify({ jsonrpc: "2.0", id: "sy:0", method: "ping" }));
    await expect(Promise.all(pings)).resolves.toEqual([{}, {}, {}]);
    await expect.poll(() => lines, soon).toHaveLength(3);

    // The server answers in order, so every reply to the agent's pings has arrived by now.
    const replies = lines.map((line) => JSON.parse(line) as { id: unknown; result: unknown });
    expect(replies).toEqual([
      { jsonrpc: "2.0", id: "client-1", result: { content: [{ type: "text", text: "Echo: a" }] } },
      { jsonrpc: "2.0", id: 42, result: {} },
      { jsonrpc: "2.0", id: "sy:0", result: {} },
    ]);
    // Neither the initialize answer nor the pings' reached the session.
    expect(lines.some((line) => line.includes("\\u0000"))).toBe(false);
  });
});
