/**
 * The gateway end to end: real keys in a real database, the real everything server over stdio,
 * and the official MCP client on the other side. Runs on PGlite + memory engine by default, on
 * PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set.
 */
import net from "node:net";
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION, McpError, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createKey, listKeys, revokeKey } from "../../../server/keys/keys-service.ts";
import { readUsage, usageDay } from "../usage.ts";
import { type GatewayHarness, HARNESS_ORIGIN, addEverythingDeployment, startGatewayHarness } from "./harness.ts";
import { eventually } from "../../test-support/eventually.ts";

const HOST_SECRET = "should-not-leak";
const MAX_BODY_BYTES = 4 * 1024 * 1024;

let h: GatewayHarness;
const openClients: Session[] = [];
/** Sessions opened by raw initialize requests, ended after each test so none holds a process. */
const rawSessions: Array<{ id: string; authorization: string }> = [];

beforeAll(async () => {
  process.env.SWITCHYARD_HOST_SECRET = HOST_SECRET;
  h = await startGatewayHarness();
});

afterEach(async () => {
  await closeClients();
  await Promise.allSettled(rawSessions.splice(0).map(({ id, authorization }) => fetch(`${h.url}/mcp/everything`, { method: "DELETE", headers: { authorization, "mcp-session-id": id } })));
});

afterAll(async () => {
  delete process.env.SWITCHYARD_HOST_SECRET;
  if (!h) return;
  await closeClients();
  const pids = upstreamPids();
  await h.close();
  expect(h.agent.load).toBe(0);
  for (const pid of pids) expect(isRunning(pid), `stdio process ${pid} still running after close()`).toBe(false);
});

// ---------------------------------------------------------------- helpers

interface Session {
  client: Client;
  transport: StreamableHTTPClientTransport;
}

function mcpUrl(deployment = "everything"): string {
  return `${h.url}/mcp/${deployment}`;
}

async function connect(key: string, deployment = "everything"): Promise<Session> {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl(deployment)), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name: "gateway-test", version: "1.0.0" });
  openClients.push({ client, transport });
  await client.connect(transport);
  return { client, transport };
}

/** Connects and returns the pid of the one stdio process the new session leased. */
async function connectWithPid(key: string): Promise<Session & { pid: number }> {
  const before = upstreamPids();
  const session = await connect(key);
  const started = [...upstreamPids()].filter((pid) => !before.has(pid));
  expect(started).toHaveLength(1);
  return { ...session, pid: started[0]! };
}

/** Ends each session with DELETE (the SDK's close() only drops the connection) so its process goes back. */
async function closeClients(): Promise<void> {
  await Promise.allSettled(openClients.splice(0).map(async ({ client, transport }) => {
    await transport.terminateSession().catch(() => {});
    await client.close();
  }));
}

function upstreamPids(): Set<number> {
  return new Set(h.agent.processes().flatMap((p) => (p.pid === null || p.state !== "leased" ? [] : [p.pid])));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function echo(client: Client, message: string): Promise<string> {
  return textOf(await client.callTool({ name: "echo", arguments: { message } }));
}

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  const first = content.find((item) => item.type === "text");
  if (first?.text === undefined) throw new Error(`no text content in ${JSON.stringify(result)}`);
  return first.text;
}

async function newKeyOf(
  tenantId: string,
  scopes: string[] = ["*"],
  limits: { rateLimitPerMinute?: number; dailyQuota?: number } = {},
): Promise<{ key: string; id: string; prefix: string }> {
  const { key, view } = await createKey({ db: h.db, tenantId, name: `test key ${randomBytes(3).toString("hex")}`, scopes, ...limits, actor: "test" });
  return { key, id: view.id, prefix: view.prefix };
}

const initializeRequest = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "raw-http", version: "1.0.0" } },
};

const listToolsRequest = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };

interface RawRequest {
  method?: "GET" | "POST";
  path?: string;
  authorization?: string;
  sessionId?: string;
  body?: string;
}

async function raw(request: RawRequest): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json, text/event-stream" };
  if (request.authorization !== undefined) headers.authorization = request.authorization;
  if (request.sessionId !== undefined) headers["mcp-session-id"] = request.sessionId;
  const method = request.method ?? "POST";
  if (method === "POST") headers["content-type"] = "application/json";
  const response = await fetch(`${h.url}${request.path ?? "/mcp/everything"}`, { method, headers, body: method === "POST" ? request.body : undefined });
  const opened = response.headers.get("mcp-session-id");
  if (opened && request.sessionId === undefined) rawSessions.push({ id: opened, authorization: request.authorization ?? "" });
  return response;
}

function postJson(key: string | undefined, message: unknown, extra: Omit<RawRequest, "body" | "authorization"> = {}): Promise<Response> {
  return raw({ ...extra, authorization: key === undefined ? undefined : `Bearer ${key}`, body: JSON.stringify(message) });
}

/** Asserts a gateway refusal: the status and the exact JSON-RPC error body with its reason. */
async function expectRefusal(response: Response, status: number, reason: string, code = -32001): Promise<void> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = JSON.parse(text) as unknown;
  expect(body).toEqual({
    jsonrpc: "2.0",
    id: null,
    error: { code, message: expect.any(String), data: { reason } },
  });
  expect((body as { error: { message: string } }).error.message).not.toBe("");
}

async function expectUnauthorized(response: Response, reason: string): Promise<void> {
  expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
  await expectRefusal(response, 401, reason);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How `promise` settled, or a failure when it has not settled within `withinMs`. */
async function settledWithin<T>(promise: Promise<T>, withinMs: number): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${withinMs} ms`)), withinMs);
  });
  try {
    return await Promise.race([Promise.allSettled([promise]).then(([result]) => result!), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function fakeSecret(): string {
  return randomBytes(32).toString("base64url");
}

// ---------------------------------------------------------------- tests

describe("gateway", () => {
  it("serves tenant A's everything server to the MCP SDK client", async () => {
    const { client } = await connect(h.tenantA.key);
    expect(await echo(client, "hello")).toBe("Echo: hello");
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("echo");
  });

  describe("refuses bad keys with 401 and a reason", () => {
    const realPrefix = () => h.tenantA.key.slice(3, 15);
    it.each<[string, () => string | undefined, string]>([
      ["no Authorization header", () => undefined, "missing_key"],
      ["an empty bearer token", () => "Bearer ", "missing_key"],
      ["a malformed key", () => "Bearer sk_wrong", "key_malformed"],
      ["a 300-character key", () => `Bearer ${"a".repeat(300)}`, "key_too_long"],
      ["a well-formed unknown key", () => `Bearer sy_${randomBytes(6).toString("hex")}_${fakeSecret()}`, "unknown_key"],
      ["a real prefix with a wrong secret", () => `Bearer sy_${realPrefix()}_${fakeSecret()}`, "unknown_key"],
    ])("%s", async (_, authorization, reason) => {
      const response = await raw({ authorization: authorization(), body: JSON.stringify(initializeRequest) });
      await expectUnauthorized(response, reason);
    });
  });

  it("stops a revoked key within 1 s, and ends the sessions opened with it", async () => {
    const revoked = await newKeyOf(h.tenantA.id);
    const { client, pid } = await connectWithPid(revoked.key);
    expect(await echo(client, "before")).toBe("Echo: before");

    await revokeKey({ db: h.db, engine: h.engine, tenantId: h.tenantA.id, keyId: revoked.id, actor: "test" });

    // A GET without a session is refused with 400 while the key is valid, so polling opens nothing.
    let last: Response | undefined;
    await eventually("the revoked key is refused", 1000, async () => {
      last = await raw({ method: "GET", authorization: `Bearer ${revoked.key}` });
      if (last.status === 401) return true;
      await last.body?.cancel();
      return false;
    });
    await expectUnauthorized(last!, "key_revoked");
    await eventually("the session's server process ends", 5_000, async () => !isRunning(pid));

    await expect(echo(client, "after")).rejects.toThrow(/key_revoked/);
    // Other keys of the tenant are unaffected.
    const { client: other } = await connect(h.tenantA.key);
    expect(await echo(other, "still here")).toBe("Echo: still here");
  });

  it("refuses a key whose scopes do not include the deployment with 403", async () => {
    const scoped = await newKeyOf(h.tenantA.id, ["other"]);
    const response = await postJson(scoped.key, initializeRequest);
    expect(response.headers.get("www-authenticate")).toBeNull();
    await expectRefusal(response, 403, "scope");
  });

  it("limits each key's calls per minute with 429, Retry-After and a JSON-RPC error, and spares other keys", async () => {
    const limited = await newKeyOf(h.tenantA.id, ["*"], { rateLimitPerMinute: 3 });
    // Windows are whole minutes: keep the four calls inside one.
    const untilNextMinute = 60_000 - (Date.now() % 60_000);
    if (untilNextMinute < 2000) await new Promise((resolve) => setTimeout(resolve, untilNextMinute + 50));
    for (let i = 0; i < 3; i++) {
      const response = await postJson(limited.key, { ...listToolsRequest, id: i });
      expect(response.status).toBe(400); // No session: the call got past the limiter to the router.
      await response.text();
    }
    const refused = await postJson(limited.key, initializeRequest);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await refused.clone().json();
    expect(body.error.message).toBe(`the API key sy_${limited.prefix}_… is limited to 3 calls a minute; retry in ${retryAfter} s`);
    await expectRefusal(refused, 429, "rate_limited");
    const other = await postJson(h.tenantA.key, listToolsRequest);
    expect(other.status).toBe(400);
    await other.text();
  });

  it("stops a key at its daily quota with 429 until UTC midnight, counted in the engine, and spares other keys", async () => {
    const metered = await newKeyOf(h.tenantA.id, ["*"], { dailyQuota: 3 });
    // Quotas are per UTC day: keep the four calls inside one.
    const untilMidnightMs = 86_400_000 - (Date.now() % 86_400_000);
    if (untilMidnightMs < 2000) await sleep(untilMidnightMs + 50);
    for (let i = 0; i < 3; i++) {
      const response = await postJson(metered.key, { ...listToolsRequest, id: i });
      expect(response.status).toBe(400); // No session: the call got past the quota to the router.
      await response.text();
    }
    const secondsToMidnight = () => Math.ceil((86_400_000 - (Date.now() % 86_400_000)) / 1000);
    const before = secondsToMidnight();
    const refused = await postJson(metered.key, initializeRequest);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeLessThanOrEqual(before);
    expect(retryAfter).toBeGreaterThanOrEqual(secondsToMidnight());
    const body = await refused.clone().json();
    expect(body.error.message).toMatch(
      new RegExp(`^the API key sy_${metered.prefix}_… has used its 3 calls for today \\(UTC\\); the quota resets in (\\d+ h( \\d+ min)?|\\d+ min|\\d+ s)$`),
    );
    await expectRefusal(refused, 429, "quota_exceeded");
    expect(await h.engine.get(`quota:${metered.id}:${usageDay(Date.now())}`)).toBe("4");
    const listed = (await listKeys({ db: h.db, engine: h.engine, tenantId: h.tenantA.id })).find((key) => key.id === metered.id)!;
    expect(listed.quotaUsed).toBe(3);

    const increments = vi.spyOn(h.engine, "increment");
    try {
      const other = await postJson(h.tenantA.key, listToolsRequest);
      expect(other.status).toBe(400);
      await other.text();
      expect(increments.mock.calls.filter(([key]) => key.startsWith("quota:"))).toEqual([]);
    } finally {
      increments.mockRestore();
    }
  });

  describe("tenancy", () => {
    it("routes tenant B's key to tenant B's own deployment", async () => {
      const deploymentOf = async (tenantId: string) =>
        (await h.db.deployment.findUniqueOrThrow({ where: { tenantId_name: { tenantId, name: "everything" } } })).id;
      const [deploymentA, deploymentB] = await Promise.all([deploymentOf(h.tenantA.id), deploymentOf(h.tenantB.id)]);
      expect(deploymentB).not.toBe(deploymentA);

      const seen = h.resolved.length;
      const { client } = await connect(h.tenantB.key);
      expect(await echo(client, "from B")).toBe("Echo: from B");
      const lookups = h.resolved.slice(seen);
      expect(lookups.length).toBeGreaterThan(0);
      expect(lookups.every((call) => call.tenantId === h.tenantB.id && call.deploymentId === deploymentB)).toBe(true);
    });

    it("keeps a session to the key that opened it", async () => {
      const { client, transport } = await connect(h.tenantA.key);
      const sessionId = transport.sessionId;
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);

      await expectRefusal(await postJson(h.tenantB.key, listToolsRequest, { sessionId }), 404, "no_session");
      const secondKeyOfA = await newKeyOf(h.tenantA.id);
      await expectRefusal(await postJson(secondKeyOfA.key, listToolsRequest, { sessionId }), 404, "no_session");
      // The attempts did not disturb the session itself.
      expect(await echo(client, "mine")).toBe("Echo: mine");
    });

    it("answers 404 no_deployment for a deployment the tenant does not have", async () => {
      await expectRefusal(await postJson(h.tenantA.key, initializeRequest, { path: "/mcp/nope" }), 404, "no_deployment");
    });
  });

  describe("bad requests", () => {
    it("refuses a POST without session that is not initialize (400 no_session)", async () => {
      await expectRefusal(await postJson(h.tenantA.key, listToolsRequest), 400, "no_session", -32600);
    });

    it("refuses a GET without session (400 no_session)", async () => {
      await expectRefusal(await raw({ method: "GET", authorization: `Bearer ${h.tenantA.key}` }), 400, "no_session");
    });

    it("refuses a body that is not JSON (400 parse_error)", async () => {
      await expectRefusal(await raw({ authorization: `Bearer ${h.tenantA.key}`, body: "{not json" }), 400, "parse_error", -32700);
    });

    it("refuses a body over 4 MiB (413 too_large)", async () => {
      const body = JSON.stringify({ ...initializeRequest, padding: "x".repeat(MAX_BODY_BYTES) });
      await expectRefusal(await raw({ authorization: `Bearer ${h.tenantA.key}`, body }), 413, "too_large");
    });

    it("answers 404 outside /mcp/<deployment>", async () => {
      await expectRefusal(await raw({ method: "GET", path: "/foo" }), 404, "not_found");
    });
  });

  it("does not pass the host's environment to the stdio server", async () => {
    expect(process.env.SWITCHYARD_HOST_SECRET).toBe(HOST_SECRET);
    const { client } = await connect(h.tenantA.key);
    const text = textOf(await client.callTool({ name: "get-env", arguments: {} }));
    expect(text).not.toContain(HOST_SECRET);
    const env = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(env)).not.toContain("SWITCHYARD_HOST_SECRET");
    expect(Object.keys(env)).not.toContain("PATH");
    expect(Object.keys(env)).not.toContain("HOME");
  });

  it("fails a call in flight within 3 s when the server process dies, and keeps serving", async () => {
    const { client, pid } = await connectWithPid(h.tenantA.key);
    const call = client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 5, steps: 5 } });
    await sleep(300);
    process.kill(pid, "SIGKILL");

    const result = await settledWithin(call, 3000);
    expect(result.status).toBe("rejected");
    const error = (result as PromiseRejectedResult).reason as McpError;
    expect(error).toBeInstanceOf(McpError);
    expect(error.code).toBe(-32002);
    expect(error.message).toMatch(/the MCP server process killed by SIGKILL/);

    const { client: fresh } = await connect(h.tenantA.key);
    expect(await echo(fresh, "after the crash")).toBe("Echo: after the crash");
  });

  it("relays progress notifications to the caller", async () => {
    const { client } = await connect(h.tenantA.key);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 1, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(textOf(result)).toContain("Long running operation completed");
    expect(progress).toHaveLength(3);
    expect(progress.map((p) => [p.progress, p.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it("reports health on /healthz and metrics on /metrics", async () => {
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toBe("application/json");
    expect(await health.json()).toMatchObject({
      status: "ok",
      node: h.agent.id,
      database: h.database.kind,
      engine: h.engine.kind,
    });

    const metrics = await fetch(`${h.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain("switchyard_gateway_requests_total");
  });

  it("records when a key was last used", async () => {
    const fresh = await newKeyOf(h.tenantA.id);
    const lastUsedAt = async () => (await h.db.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
    expect(await lastUsedAt()).toBeNull();

    const before = new Date();
    const { client } = await connect(fresh.key);
    expect(await echo(client, "used")).toBe("Echo: used");

    await eventually("lastUsedAt is set", 5_000, async () => (await lastUsedAt()) !== null);
    const used = (await lastUsedAt())!;
    expect(used.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(used.getTime()).toBeLessThanOrEqual(Date.now());
  });

  describe("shareable components", () => {
    it("serve several sessions on one process, each getting only its own replies", async () => {
      await addEverythingDeployment(h.db, h.tenantA.id, "shared", { shareable: true, maxSessionsPerProcess: 8 });
      const sessions = await Promise.all(Array.from({ length: 4 }, () => connect(h.tenantA.key, "shared")));
      const shared = h.agent.processes().filter((p) => p.deployment === "shared" && p.state === "leased");
      expect(shared).toHaveLength(1);
      // Every SDK client numbers its requests from 0, so the ids overlap across sessions.
      const replies = await Promise.all(
        sessions.flatMap(({ client }, s) => Array.from({ length: 20 }, (_, i) => echo(client, `s${s}-c${i}`).then((text) => [text, `Echo: s${s}-c${i}`]))),
      );
      expect(replies.filter(([got, wanted]) => got !== wanted)).toEqual([]);
      expect(h.agent.processes().filter((p) => p.deployment === "shared" && p.state === "leased")).toHaveLength(1);
      await closeClients();
    });
  });

  it("records each key's calls, errors, bytes and latency for the console", async () => {
    const fresh = await newKeyOf(h.tenantA.id);
    const { client } = await connect(fresh.key);
    expect(await echo(client, "counted")).toBe("Echo: counted");
    expect(await echo(client, "counted too")).toBe("Echo: counted too");
    await client.callTool({ name: "no-such-tool", arguments: {} }).catch(() => undefined);
    await closeClients();
    await h.gateway.flushUsage();
    const usage = await readUsage(h.engine, fresh.id, usageDay(Date.now()));
    expect(usage.calls).toBe(3);
    expect(usage.bytes).toBeGreaterThan(200);
    expect(usage.latencyMs).toBeGreaterThanOrEqual(0);
    const idle = await newKeyOf(h.tenantA.id);
    expect(await readUsage(h.engine, idle.id, usageDay(Date.now()))).toEqual({ calls: 0, errors: 0, bytes: 0, latencyMs: 0 });
  });

  it("fails a call that outlives the deployment's call timeout, with an error that says so", async () => {
    await addEverythingDeployment(h.db, h.tenantA.id, "impatient", { callTimeoutSeconds: 1 });
    const { client } = await connect(h.tenantA.key, "impatient");
    const started = Date.now();
    const error = await client
      .callTool({ name: "trigger-long-running-operation", arguments: { duration: 4, steps: 1 } }, undefined, { timeout: 10_000 })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain("the call timed out: no answer or progress from the server for 1 s");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await echo(client, "next call works")).toBe("Echo: next call works");
    await closeClients();
  });

  it("refuses browser requests from origins it does not know, and serves its own", async () => {
    const from = (origin: string) =>
      fetch(`${h.url}/mcp/everything`, {
        method: "POST",
        headers: { authorization: `Bearer ${h.tenantA.key}`, "content-type": "application/json", accept: "application/json, text/event-stream", origin },
        body: JSON.stringify(listToolsRequest),
      });
    const evil = await from("http://evil.example");
    const body = await evil.clone().json();
    expect(body.error.message).toBe("requests from the web origin http://evil.example are not allowed here");
    await expectRefusal(evil, 403, "origin");
    const own = await from(HARNESS_ORIGIN);
    expect(own.status).toBe(400); // Past the origin check; no session yet.
    await own.text();
  });

  it("answers a JSON-RPC batch on a 2025-03-26 session with every reply, each to its own id", async () => {
    const init = await postJson(h.tenantA.key, { ...initializeRequest, params: { ...initializeRequest.params, protocolVersion: "2025-03-26" } });
    const sessionId = init.headers.get("mcp-session-id")!;
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await init.text();
    const batch = [
      { jsonrpc: "2.0", id: "a", method: "ping" },
      { jsonrpc: "2.0", id: "b", method: "tools/call", params: { name: "echo", arguments: { message: "in a batch" } } },
    ];
    const response = await raw({ authorization: `Bearer ${h.tenantA.key}`, sessionId, body: JSON.stringify(batch) });
    expect(response.status).toBe(200);
    const text = await response.text();
    const messages = response.headers.get("content-type")!.includes("text/event-stream")
      ? text.split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6)))
      : [JSON.parse(text)].flat();
    const replies = messages.flat().filter((m: { id?: unknown }) => m.id === "a" || m.id === "b");
    expect(replies.map((m: { id: string }) => m.id).sort()).toEqual(["a", "b"]);
    expect(replies.find((m: { id: string }) => m.id === "b").result.content[0].text).toBe("Echo: in a batch");
  });

  it("drops a client that sends its headers too slowly, and keeps serving others", async () => {
    h.gateway.server.headersTimeout = 300;
    try {
      const socket = net.connect(Number(new URL(h.url).port), "127.0.0.1");
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk));
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      socket.write("POST /mcp/everything HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      const { client } = await connect(h.tenantA.key);
      expect(await echo(client, "others fine")).toBe("Echo: others fine");
      await closeClients();
    } finally {
      h.gateway.server.headersTimeout = 10_000;
    }
  });
});
