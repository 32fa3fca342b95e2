/**
 * The gateway's own streamable HTTP transport, spoken by hand: JSON and SSE answers, event ids
 * and Last-Event-ID resumption, overload, and every way a request can be wrong.
 */
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GatewayHarness, addEverythingDeployment, startGatewayHarness } from "./harness.ts";
import { eventually } from "../../test-support/eventually.ts";

let h: GatewayHarness;
const opened: RawSession[] = [];

beforeAll(async () => {
  h = await startGatewayHarness();
  await addEverythingDeployment(h.db, h.tenantA.id, "narrow", { maxConcurrency: 1 });
});

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((session) => session.end()));
});

afterAll(async () => {
  await h?.close();
});

interface SseEvent {
  id: string;
  data: { id?: unknown; method?: string; result?: unknown; error?: { code: number; message: string }; params?: Record<string, unknown> };
}

class RawSession {
  constructor(
    readonly id: string,
    readonly version: string,
    private readonly deployment: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      authorization: `Bearer ${h.tenantA.key}`,
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      "mcp-session-id": this.id,
      "mcp-protocol-version": this.version,
      ...extra,
    };
  }

  post(body: unknown, extra: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    return fetch(url(this.deployment), { method: "POST", headers: this.headers(extra), body: typeof body === "string" ? body : JSON.stringify(body), signal });
  }

  get(extra: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    return fetch(url(this.deployment), { method: "GET", headers: this.headers({ accept: "text/event-stream", ...extra }), signal });
  }

  async end(): Promise<number> {
    const response = await fetch(url(this.deployment), { method: "DELETE", headers: this.headers() });
    await response.body?.cancel();
    return response.status;
  }
}

function url(deployment: string): string {
  return `${h.url}/mcp/${deployment}`;
}

async function openSession(version = "2025-11-25", deployment = "everything"): Promise<RawSession> {
  const response = await fetch(url(deployment), {
    method: "POST",
    headers: { authorization: `Bearer ${h.tenantA.key}`, accept: "application/json, text/event-stream", "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = await response.json();
  expect(body.result.protocolVersion).toBe(version);
  const session = new RawSession(response.headers.get("mcp-session-id")!, version, deployment);
  opened.push(session);
  const initialized = await session.post({ jsonrpc: "2.0", method: "notifications/initialized" });
  expect(initialized.status).toBe(202);
  return session;
}

const echo = (id: number | string, message = `m${id}`) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { message } } });
const longRun = (id: number, duration: number, steps: number, progressToken?: string) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "trigger-long-running-operation", arguments: { duration, steps }, ...(progressToken ? { _meta: { progressToken } } : {}) },
});

/** Reads SSE events until the stream ends or `count` have come, then stops reading. */
async function readEvents(response: Response, count = Infinity): Promise<SseEvent[]> {
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0 && events.length < count) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id !== undefined && data !== undefined) events.push({ id, data: JSON.parse(data) });
    }
  }
  await reader.cancel().catch(() => {});
  return events;
}

async function expectInvalid(response: Response, status: number, code: number, message: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
}

const inFlightUpstream = () => h.agent.processes().reduce((sum, p) => sum + p.inFlight, 0);

describe("streamable HTTP", () => {
  it("answers a plain call with one JSON body", async () => {
    const session = await openSession();
    const response = await session.post(echo(1, "plain"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "Echo: plain" }] } });
  });

  it("streams a call's progress as events with ids, the reply last", async () => {
    const session = await openSession();
    const events = await readEvents(await session.post(longRun(7, 0.4, 2, "p")));
    expect(events.map((event) => event.data.method ?? "reply")).toEqual(["notifications/progress", "notifications/progress", "reply"]);
    const stream = events[0]!.id.split("-")[0];
    expect(events.map((event) => event.id)).toEqual([`${stream}-1`, `${stream}-2`, `${stream}-3`]);
    expect(events[0]!.data.params).toMatchObject({ progressToken: "p", progress: 1, total: 2 });
    expect(events[2]!.data.id).toBe(7);
  });

  it("resumes a lost call stream with Last-Event-ID, live and after the call has ended", async () => {
    const session = await openSession();
    const first = new AbortController();
    const [start] = await readEvents(await session.post(longRun(8, 1.2, 4, "r"), {}, first.signal), 1);
    first.abort();
    expect(start!.data.params).toMatchObject({ progress: 1 });

    // Reconnect while the call still runs: the rest of the stream continues on the new response.
    const second = new AbortController();
    const [next] = await readEvents(await session.get({ "last-event-id": start!.id }, second.signal), 1);
    second.abort();
    expect(next!.data.params).toMatchObject({ progress: 2 });

    // Reconnect once it has ended: what was missed comes from the engine's log, then the stream ends.
    await eventually("the call ends", 5000, () => inFlightUpstream() === 0);
    const rest = await readEvents(await session.get({ "last-event-id": next!.id }));
    expect(rest.map((event) => event.data.method ?? "reply")).toEqual(["notifications/progress", "notifications/progress", "reply"]);
    expect(rest.at(-1)!.data.id).toBe(8);
    const seqs = [start, next, ...rest].map((event) => Number(event!.id.split("-")[1]));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it("sends what the server says outside a call on the GET stream, and replays it after Last-Event-ID", { timeout: 15_000 }, async () => {
    const session = await openSession();
    const stream = new AbortController();
    const listening = readEvents(await session.get({}, stream.signal), 1);
    const toggle = await session.post({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "toggle-simulated-logging", arguments: {} } });
    expect(toggle.headers.get("content-type")).toBe("application/json");
    await toggle.text();
    const [first] = await listening;
    stream.abort();
    expect(first!.id).toBe("0-1");
    expect(first!.data.method).toBe("notifications/message");

    // The server logs every 5 s; the next message comes while no stream is open.
    await new Promise((resolve) => setTimeout(resolve, 5500));
    const [missed] = await readEvents(await session.get({ "last-event-id": first!.id }), 1);
    expect(missed!.id).toBe("0-2");
    expect(missed!.data.method).toBe("notifications/message");
  });

  it("cancels a call upstream when the client hangs up on a JSON answer", async () => {
    const session = await openSession();
    const call = new AbortController();
    const pending = session.post(longRun(9, 5, 1), {}, call.signal).catch((error: Error) => error);
    await eventually("the call reaches the server", 5_000, () => inFlightUpstream() === 1);
    call.abort();
    expect(await pending).toBeInstanceOf(Error);
    await eventually("the call is cancelled upstream", 5_000, () => inFlightUpstream() === 0);
    const next = await session.post(echo(10, "still open"));
    expect((await next.json()).result.content[0].text).toBe("Echo: still open");
  });

  it("answers 503 with Retry-After once a server's queue is full, and serves the calls it queued", async () => {
    const session = await openSession("2025-11-25", "narrow");
    // One call in flight (maxConcurrency 1) and four waiting; the rest are refused at once.
    const responses = await Promise.all(Array.from({ length: 7 }, (_, i) => session.post(longRun(i + 1, 0.2, 1))));
    const refused = responses.filter((response) => response.status === 503);
    expect(refused).toHaveLength(2);
    expect(refused[0]!.headers.get("retry-after")).toBe("1");
    const body = await refused[0]!.json();
    expect(body.error).toMatchObject({ code: -32001, data: { reason: "busy" } });
    expect(body.error.message).toContain("busy");
    const served = await Promise.all(responses.filter((response) => response.status === 200).map((response) => response.json()));
    expect(served.map((reply) => reply.result.content[0].text).every((text: string) => text.includes("completed"))).toBe(true);
  });

  it("ends a session on DELETE: the id is gone and its process goes back", async () => {
    const session = await openSession();
    expect(await session.end()).toBe(200);
    const after = await session.post(echo(1));
    expect(after.status).toBe(404);
    await after.text();
  });

  it("passes a method it does not know on to the server, whose answer the client gets", async () => {
    const session = await openSession();
    const response = await session.post({ jsonrpc: "2.0", id: 4, method: "no/such-method", params: {} });
    expect(response.status).toBe(200);
    expect((await response.json()).error).toMatchObject({ code: -32601 });
  });

  it("drops a client that sends its body too slowly (408), and keeps serving others", async () => {
    const server = h.gateway.server;
    server.headersTimeout = 400;
    server.requestTimeout = 500;
    try {
      const socket = net.connect(Number(new URL(h.url).port), "127.0.0.1");
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk));
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      socket.write(`POST /mcp/everything HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.tenantA.key}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"jsonrpc":`);
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      const session = await openSession();
      expect((await (await session.post(echo(1, "others fine"))).json()).result.content[0].text).toBe("Echo: others fine");
    } finally {
      server.requestTimeout = 30_000;
      server.headersTimeout = 10_000;
    }
  });

  describe("refuses bad input and sends none of it on", () => {
    it.each<[string, unknown, RegExp]>([
      ["wrong jsonrpc", { jsonrpc: "1.0", id: 1, method: "ping" }, /"jsonrpc" must be "2.0"/],
      ["a numeric method", { jsonrpc: "2.0", id: 1, method: 5 }, /"method" must be a non-empty string/],
      ["an object id", { jsonrpc: "2.0", id: {}, method: "ping" }, /"id" must be a string or a number/],
      ["array params", { jsonrpc: "2.0", id: 1, method: "ping", params: [] }, /"params" must be an object/],
      ["neither method nor result", { jsonrpc: "2.0", id: 1 }, /needs a "method"/],
      ["a second initialize", { jsonrpc: "2.0", id: 1, method: "initialize", params: {} }, /initialized already/],
    ])("%s: 400 with -32600 naming the field", async (_, message, expected) => {
      const session = await openSession();
      await expectInvalid(await session.post(message), 400, -32600, expected);
    });

    it("a batch on a 2025-11-25 session, whose revision has none", async () => {
      const session = await openSession();
      await expectInvalid(await session.post([echo(1), echo(2)]), 400, -32600, /batches were removed in MCP 2025-06-18/);
    });

    it("a batch with one bad message: nothing of it runs", async () => {
      const session = await openSession("2025-03-26");
      const before = h.agent.processes().reduce((sum, p) => sum + p.calls, 0);
      await expectInvalid(await session.post([echo(1), { jsonrpc: "2.0", id: 2 }]), 400, -32600, /message 1 of the batch/);
      expect(h.agent.processes().reduce((sum, p) => sum + p.calls, 0)).toBe(before);
    });

    it("a request id that is still in flight", async () => {
      const session = await openSession();
      const running = session.post(longRun(3, 0.5, 1));
      await eventually("the call reaches the server", 5_000, () => inFlightUpstream() === 1);
      await expectInvalid(await session.post(echo(3)), 400, -32600, /request id 3 is still in flight/);
      expect((await (await running).json()).id).toBe(3);
    });

    it("an MCP-Protocol-Version that is not the session's", async () => {
      const session = await openSession("2025-06-18");
      await expectInvalid(await session.post(echo(1), { "mcp-protocol-version": "2025-11-25" }), 400, -32600, /negotiated 2025-06-18/);
    });

    it("an Accept header that allows neither JSON nor SSE (406)", async () => {
      const session = await openSession();
      const response = await session.post(echo(1), { accept: "text/html" });
      expect(response.status).toBe(406);
      await response.text();
    });

    it("a Last-Event-ID that is not one of ours (400)", async () => {
      const session = await openSession();
      const response = await session.get({ "last-event-id": "abc" });
      expect(response.status).toBe(400);
      expect((await response.json()).error.data.reason).toBe("bad_event_id");
    });

    it("a method other than POST, GET and DELETE (405 with Allow)", async () => {
      const session = await openSession();
      const response = await fetch(url("everything"), { method: "PUT", headers: session.headers(), body: "{}" });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, POST, DELETE");
      await response.text();
    });
  });
});
