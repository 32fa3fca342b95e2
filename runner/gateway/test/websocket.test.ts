import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { isAlive, soon } from "../../agent/test/fixtures.ts";
import { createKey } from "../../../server/keys/keys-service.ts";
import { type GatewayHarness, startGatewayHarness } from "./harness.ts";

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
});
afterAll(() => h.close());

const wsUrl = (deployment = "everything") => `${h.url.replace("http", "ws")}/ws/${deployment}`;

/** Opens a socket and resolves once it is open, or with the HTTP refusal the gateway answered. */
function open(key: string | undefined, protocols: string[] = ["mcp"], deployment?: string) {
  const socket = new WebSocket(wsUrl(deployment), protocols, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
  const received: any[] = [];
  socket.on("message", (data) => received.push(JSON.parse(data.toString())));
  const outcome = new Promise<{ opened: true } | { opened: false; status: number; body: any }>((resolve, reject) => {
    socket.once("open", () => resolve({ opened: true }));
    socket.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk));
      res.on("end", () => resolve({ opened: false, status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.once("error", reject);
  });
  const reply = async (id: unknown) => {
    await expect.poll(() => received.some((m) => m.id === id && m.method === undefined), soon).toBe(true);
    return received.find((m) => m.id === id && m.method === undefined);
  };
  const send = (message: unknown) => socket.send(typeof message === "string" ? message : JSON.stringify(message));
  return { socket, outcome, received, reply, send };
}

const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "ws-test", version: "1" } } };
const echo = (id: number, message: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { message } } });

describe("WebSocket transport", () => {
  it("serves a session over subprotocol mcp with permessage-deflate", async () => {
    const client = open(h.tenantA.key);
    expect(await client.outcome).toEqual({ opened: true });
    expect(client.socket.protocol).toBe("mcp");
    expect(client.socket.extensions).toContain("permessage-deflate");
    client.send(initialize);
    const init = await client.reply(1);
    expect(init.result.protocolVersion).toBe("2025-06-18");
    expect(init.result.serverInfo.name).toBe("mcp-servers/everything");
    client.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    for (let i = 2; i < 12; i++) client.send(echo(i, `m${i}`));
    for (let i = 2; i < 12; i++) expect((await client.reply(i)).result.content[0].text).toBe(`Echo: m${i}`);
    client.socket.close();
  });

  it("answers a bad frame with a JSON-RPC error and keeps the session", async () => {
    const client = open(h.tenantA.key);
    await client.outcome;
    client.send("{not json");
    client.send(JSON.stringify([echo(5, "batch")]));
    // The server may also send notifications of its own; only the errors are answers here.
    const errors = () => client.received.filter((m) => m.error !== undefined);
    await expect.poll(() => errors().length, soon).toBe(2);
    expect(errors()[0]).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "the message is not valid JSON" } });
    expect(errors()[1]).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "expected one JSON-RPC 2.0 message object per frame" } });
    client.send(initialize);
    client.send(echo(2, "still here"));
    expect((await client.reply(2)).result.content[0].text).toBe("Echo: still here");
    client.socket.close();
  });

  it.each([
    ["no key", undefined, ["mcp"], 401, "missing_key"],
    ["a malformed key", "sk_wrong", ["mcp"], 401, "key_malformed"],
    ["no mcp subprotocol", "VALID", ["graphql-ws"], 400, "subprotocol"],
  ])("refuses the upgrade with %s, as HTTP with a JSON-RPC body", async (_label, key, protocols, status, reason) => {
    const client = open(key === "VALID" ? h.tenantA.key : key, protocols);
    const outcome = await client.outcome;
    expect(outcome).toMatchObject({ opened: false, status, body: { jsonrpc: "2.0", id: null, error: { code: -32001, data: { reason } } } });
  });

  it("answers calls past the key's daily quota with a JSON-RPC error, and refuses new sockets with 429", async () => {
    const { key } = await createKey({ db: h.db, tenantId: h.tenantA.id, name: "ws quota", scopes: ["*"], dailyQuota: 3, actor: "test" });
    // Quotas are per UTC day: keep the calls inside one.
    const untilMidnightMs = 86_400_000 - (Date.now() % 86_400_000);
    if (untilMidnightMs < 2000) await new Promise((resolve) => setTimeout(resolve, untilMidnightMs + 50));
    const client = open(key);
    expect(await client.outcome).toEqual({ opened: true }); // The upgrade is the first of three calls.
    client.send(initialize);
    await client.reply(1);
    client.send(echo(2, "last one"));
    expect((await client.reply(2)).result.content[0].text).toBe("Echo: last one");
    client.send(echo(3, "one too many"));
    const refused = await client.reply(3);
    expect(refused).toEqual({
      jsonrpc: "2.0",
      id: 3,
      error: { code: -32001, message: expect.stringContaining("has used its 3 calls for today (UTC)"), data: { reason: "quota_exceeded", retryAfterSeconds: expect.any(Number) } },
    });
    client.socket.close();
    const again = await open(key).outcome;
    expect(again).toMatchObject({ opened: false, status: 429, body: { error: { data: { reason: "quota_exceeded" } } } });
  });

  it("holds a burst of frames to the key's rate limit in order: the first ones through, exactly the rest refused", async () => {
    const { key } = await createKey({ db: h.db, tenantId: h.tenantA.id, name: "ws rate", scopes: ["*"], rateLimitPerMinute: 120, actor: "test" });
    // The limit is per minute: keep the burst inside one.
    const untilNextMinuteMs = 60_000 - (Date.now() % 60_000);
    if (untilNextMinuteMs < 5000) await new Promise((resolve) => setTimeout(resolve, untilNextMinuteMs + 50));
    const client = open(key);
    expect(await client.outcome).toEqual({ opened: true }); // The upgrade, initialize and initialized are 3 of the 120.
    client.send(initialize);
    await client.reply(1);
    client.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    // Reservations come in chunks of 2 (120 / 50): one at a time, every other frame is admitted
    // from the reservation at once and the others wait for the engine; then a burst, in which
    // frames queue behind one that waits and none may overtake another.
    for (let id = 2; id < 12; id++) {
      client.send(echo(id, `m${id}`));
      await client.reply(id);
    }
    for (let id = 12; id < 132; id++) client.send(echo(id, `m${id}`));
    const replies = await Promise.all(Array.from({ length: 130 }, (_, i) => client.reply(i + 2)));
    const refused = replies.filter((r) => r.error).map((r) => r.id);
    expect(refused).toEqual(Array.from({ length: 13 }, (_, i) => 119 + i));
    expect(replies.find((r) => r.error)).toMatchObject({ error: { code: -32001, data: { reason: "rate_limited", retryAfterSeconds: expect.any(Number) } } });
    expect(replies.filter((r) => r.result).map((r) => r.result.content[0].text)).toEqual(Array.from({ length: 117 }, (_, i) => `Echo: m${i + 2}`));
    client.socket.close();
  });

  it("refuses another tenant's deployment name as unknown", async () => {
    const outcome = await open(h.tenantB.key, ["mcp"], "nope").outcome;
    expect(outcome).toMatchObject({ opened: false, status: 404, body: { error: { data: { reason: "no_deployment" } } } });
  });

  it("gives the process back when the socket closes", async () => {
    const leasedBefore = new Set(h.agent.processes().filter((p) => p.state === "leased").map((p) => p.pid));
    const client = open(h.tenantA.key);
    await client.outcome;
    client.send(initialize);
    await client.reply(1);
    const mine = h.agent.processes().find((p) => p.state === "leased" && !leasedBefore.has(p.pid))!;
    expect(mine).toBeDefined();
    client.socket.close();
    await expect.poll(() => isAlive(mine.pid), soon).toBe(false);
  });
});
