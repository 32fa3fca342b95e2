import { describe, expect, it } from "vitest";
import { type Message, SessionMux } from "./session-mux.ts";

/** A server process stand-in: records what reaches it; the test answers in its place. */
function fakeUpstream() {
  const sent: Message[] = [];
  const calls: boolean[] = [];
  return {
    sent,
    calls,
    alive: true,
    send(line: string) {
      sent.push(JSON.parse(line));
      return true;
    },
    recordCall(_ms: number, failed: boolean) {
      calls.push(failed);
    },
  };
}

function session(mux: SessionMux, capabilities: Record<string, unknown> = { roots: {}, sampling: {}, elicitation: {} }) {
  const port = mux.attach();
  port.declareCapabilities(capabilities);
  const received: Message[] = [];
  port.onMessage = (message) => received.push(message);
  return { port, received };
}

const call = (id: number | string, extra: Record<string, unknown> = {}): Message => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "echo", arguments: { message: String(id) }, ...extra },
});
const answer = (id: unknown, text: string) => JSON.stringify({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text }] } });

describe("SessionMux", () => {
  it("keeps sessions with the same request ids apart", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux);
    const b = session(mux);
    a.port.send(call(1));
    b.port.send(call(1));
    const [toA, toB] = upstream.sent;
    expect(toA!.id).not.toBe(toB!.id);
    mux.fromServer(answer(toB!.id, "for b"));
    mux.fromServer(answer(toA!.id, "for a"));
    expect(a.received).toEqual([{ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "for a" }] } }]);
    expect(b.received).toEqual([{ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "for b" }] } }]);
    expect(upstream.calls).toEqual([false, false]);
    expect(mux.inFlight).toBe(0);
  });

  it("rewrites progress tokens and routes progress to the session that asked", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux);
    const b = session(mux);
    a.port.send(call(1, { _meta: { progressToken: "t" } }));
    b.port.send(call(1, { _meta: { progressToken: "t" } }));
    const tokens = upstream.sent.map((m) => (m.params!._meta as { progressToken: unknown }).progressToken);
    expect(new Set(tokens).size).toBe(2);
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: tokens[1], progress: 1, total: 2 } }));
    expect(a.received).toEqual([]);
    expect(b.received).toEqual([{ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "t", progress: 1, total: 2 } }]);
  });

  it("holds calls past the process's limit in a bounded queue, and refuses beyond it", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream, 2);
    const a = session(mux);
    for (let id = 1; id <= 10; id++) expect(a.port.send(call(id))).toBeUndefined();
    expect(upstream.sent).toHaveLength(2);
    expect(mux.queuedCalls).toBe(8);
    expect(a.port.send(call(11))).toEqual({
      jsonrpc: "2.0",
      id: 11,
      error: { code: -32001, message: "the server is busy: 2 requests in flight and 8 waiting, its limit; retry shortly", data: { reason: "busy" } },
    });
    mux.fromServer(answer(upstream.sent[0]!.id, "one"));
    expect(upstream.sent).toHaveLength(3);
    expect(upstream.sent[2]!.params!.arguments).toEqual({ message: "3" });
    expect(mux.queuedCalls).toBe(7);
  });

  it("drops a queued call when its client cancels it or leaves, and fails queued calls when the process dies", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream, 1);
    const a = session(mux);
    const b = session(mux);
    a.port.send(call(1));
    a.port.send(call(2));
    b.port.send(call(1));
    b.port.send(call(2));
    a.port.cancel(2, "user");
    expect(mux.queuedCalls).toBe(2);
    mux.failAll("the MCP server process exited with code 1");
    expect(mux.queuedCalls).toBe(0);
    expect(b.received.map((m) => [m.id, (m.error as { code: number }).code])).toEqual([[1, -32002], [2, -32002]]);
    expect(a.received.map((m) => m.id)).toEqual([1]);
  });

  it("cancels a departed session's calls upstream and drops their late answers", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux);
    a.port.send(call(7));
    const upstreamId = upstream.sent[0]!.id;
    a.port.detach();
    expect(upstream.sent[1]).toEqual({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: upstreamId, reason: "the client went away" } });
    mux.fromServer(answer(upstreamId, "late"));
    expect(a.received).toEqual([]);
    expect(mux.ports.size).toBe(0);
  });

  it("passes a client's cancellation on with the server-side id", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux);
    a.port.send(call("c1"));
    a.port.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "c1", reason: "user" } });
    expect(upstream.sent[1]).toEqual({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: upstream.sent[0]!.id, reason: "user" } });
  });

  it("sends server requests to the one session that can answer, and refuses when it cannot tell", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux);
    const sampling = (id: number) => JSON.stringify({ jsonrpc: "2.0", id, method: "sampling/createMessage", params: {} });
    mux.fromServer(sampling(100));
    expect(a.received.map((m) => m.id)).toEqual([100]);
    a.port.send({ jsonrpc: "2.0", id: 100, result: { content: { type: "text", text: "ok" } } });
    expect(upstream.sent.at(-1)).toEqual({ jsonrpc: "2.0", id: 100, result: { content: { type: "text", text: "ok" } } });

    const b = session(mux);
    mux.fromServer(sampling(101));
    expect(upstream.sent.at(-1)).toMatchObject({ id: 101, error: { code: -32603 } });
    b.port.send(call(1));
    mux.fromServer(sampling(102));
    expect(b.received.map((m) => m.id)).toEqual([102]);
    expect(a.received.map((m) => m.id)).toEqual([100]);
  });

  it("sends a server request to the session whose call may ask, when another only lists or subscribes", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const hub = session(mux, {});
    const caller = session(mux);
    hub.port.send({ jsonrpc: "2.0", id: "listen-1", method: "resources/unsubscribe", params: { uri: "demo://a" } });
    caller.port.send(call(7));
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 200, method: "elicitation/create", params: { message: "sure?" } }));
    expect(caller.received.map((m) => m.id)).toEqual([200]);
    expect(hub.received).toEqual([]);

    const other = session(mux);
    other.port.send(call(8));
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 201, method: "elicitation/create", params: { message: "whose?" } }));
    expect(upstream.sent.at(-1)).toMatchObject({ id: 201, error: { code: -32603, message: expect.stringMatching(/no single client session/) } });
  });

  it("answers a warm process's roots request itself, and lets it ask again once a session arrives", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "roots/list" }));
    expect(upstream.sent).toEqual([{ jsonrpc: "2.0", id: 5, result: { roots: [] } }]);
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 6, method: "sampling/createMessage", params: {} }));
    expect(upstream.sent[1]).toEqual({ jsonrpc: "2.0", id: 6, error: { code: -32603, message: "no client session is attached to this process yet" } });
    session(mux, {});
    expect(upstream.sent).toHaveLength(2);
    session(mux);
    expect(upstream.sent[2]).toEqual({ jsonrpc: "2.0", method: "notifications/roots/list_changed" });
    session(mux);
    expect(upstream.sent).toHaveLength(3);
  });

  it("answers server requests the session's client has no capability for, instead of asking it", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux, { sampling: {} });
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "roots/list" }));
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "elicitation/create", params: {} }));
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "sampling/createMessage", params: {} }));
    expect(upstream.sent).toEqual([
      { jsonrpc: "2.0", id: 1, result: { roots: [] } },
      { jsonrpc: "2.0", id: 2, error: { code: -32601, message: `this session's client cannot answer elicitation/create: it did not declare the "elicitation" capability` } },
    ]);
    expect(a.received.map((m) => m.method)).toEqual(["sampling/createMessage"]);
  });

  it("tells every session about server-wide notifications", () => {
    const mux = new SessionMux(fakeUpstream());
    const a = session(mux);
    const b = session(mux);
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", method: "notifications/tools/list_changed" }));
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(1);
    mux.fromServer("not json at all");
    expect(a.received).toHaveLength(1);
  });

  it("fails every call in flight with its own id when the process dies", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    const a = session(mux);
    const b = session(mux);
    a.port.send(call(1));
    b.port.send(call("x"));
    mux.failAll("the MCP server process killed by SIGKILL");
    expect(a.received).toEqual([{ jsonrpc: "2.0", id: 1, error: { code: -32002, message: "the MCP server process killed by SIGKILL" } }]);
    expect(b.received).toEqual([{ jsonrpc: "2.0", id: "x", error: { code: -32002, message: "the MCP server process killed by SIGKILL" } }]);
    expect(upstream.calls).toEqual([true, true]);
    expect(mux.inFlight).toBe(0);
  });

  it("fails a call that gets no answer or progress within its timeout, and cancels it upstream", () => {
    const upstream = fakeUpstream();
    const mux = new SessionMux(upstream);
    mux.callTimeoutMs = 1000;
    const a = session(mux);
    a.port.send(call(1, { _meta: { progressToken: "p" } }));
    const upstreamId = upstream.sent[0]!.id;

    mux.expireCalls(performance.now() + 500);
    expect(a.received).toEqual([]);
    // Progress restarts the clock.
    mux.fromServer(JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: upstreamId, progress: 1 } }));
    mux.expireCalls(performance.now() + 900);
    expect(a.received.filter((m) => m.error !== undefined)).toEqual([]);

    mux.expireCalls(performance.now() + 1500);
    expect(a.received.at(-1)).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32001, message: "the call timed out: no answer or progress from the server for 1 s", data: { reason: "timeout" } },
    });
    expect(upstream.sent.at(-1)).toEqual({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: upstreamId, reason: "timed out" } });
    mux.fromServer(answer(upstreamId, "too late"));
    expect(a.received.filter((m) => m.result !== undefined)).toEqual([]);
    expect(mux.inFlight).toBe(0);
  });
});
