/**
 * A cluster on one machine: two `switchyard agent` and two `switchyard gateway` processes on
 * loopback ports, sharing PostgreSQL (a schema of this run) and Redis (a key prefix of this run).
 * A session opened on one gateway goes on through the other, also once the first has stopped; a
 * killed agent's sessions end with an error that says so, and new sessions go to the agent left. Needs DATABASE_URL and
 * REDIS_URL (.ci/run sets both).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, parsePostgresUrl } from "../../../server/db/database.ts";
import { migrate } from "../../../server/db/migrator.ts";
import { deleteRedisKeys } from "../../../server/engine/redis-test-keys.ts";
import { RedisEngine } from "../../../server/engine/redis-engine.ts";
import { seedDemoFixture } from "../../../server/seed/demo-fixture.ts";
import { ENGINE_KEYS } from "../../protocol/channels.ts";
import { type CliProcess, PROJECT_ROOT, freePort, runCli, sleep, waitReady } from "../../test-support/cli-process.ts";
import type { SessionRecord } from "../routing/session-directory.ts";

const databaseUrl = process.env.DATABASE_URL ?? "";
const redisUrl = process.env.REDIS_URL ?? "";
const runId = randomBytes(5).toString("hex");
const schema = `sy_cluster_${runId}`;
const prefix = `sy-cluster-${runId}:`;
const shared = {
  REDIS_URL: redisUrl,
  SWITCHYARD_REDIS_PREFIX: prefix,
  SWITCHYARD_AGENT_TOKEN: randomBytes(24).toString("hex"),
  SWITCHYARD_SECRET_KEY: randomBytes(32).toString("hex"),
  SWITCHYARD_HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
};

interface Member {
  name: string;
  port: number;
  run: CliProcess;
}

const members: Member[] = [];
let apiKey = "";
let engine: RedisEngine;

async function startMember(command: "agent" | "gateway", name: string, env: Record<string, string>): Promise<Member> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sy-cluster-${name}-`));
  const portVar = command === "agent" ? "AGENT_PORT" : "GATEWAY_PORT";
  const run = runCli(command, { ...shared, ...env, [portVar]: String(port), SWITCHYARD_DATA_DIR: dataDir });
  const member = { name, port, run };
  members.push(member);
  await waitReady(name, run);
  return member;
}

function withSchema(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

describe.skipIf(!databaseUrl || !redisUrl)("a cluster of two gateways and two agents", () => {
  let gatewayA: Member;
  let gatewayB: Member;

  beforeAll(async () => {
    const database = await openDatabase({ url: withSchema(databaseUrl) });
    try {
      await migrate(database);
      const seeded = await seedDemoFixture(database.prisma, PROJECT_ROOT);
      apiKey = seeded.apiKey;
    } finally {
      await database.close();
    }
    engine = await RedisEngine.connect(redisUrl, { keyPrefix: prefix });
    await Promise.all([
      startMember("agent", "agent-1", { SWITCHYARD_NODE_ID: `agent-1-${runId}` }),
      startMember("agent", "agent-2", { SWITCHYARD_NODE_ID: `agent-2-${runId}` }),
    ]);
    [gatewayA, gatewayB] = await Promise.all([
      startMember("gateway", "gateway-a", { DATABASE_URL: withSchema(databaseUrl) }),
      startMember("gateway", "gateway-b", { DATABASE_URL: withSchema(databaseUrl) }),
    ]);
  }, 90_000);

  afterAll(async () => {
    for (const member of members) member.run.child.kill("SIGTERM");
    await Promise.all(members.map((member) => Promise.race([member.run.exited, sleep(10_000)])));
    for (const member of members) member.run.child.kill("SIGKILL");
    await engine?.close();
    await deleteRedisKeys(redisUrl, prefix);
    const client = new pg.Client({ connectionString: parsePostgresUrl(databaseUrl).connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }, 30_000);

  async function connect(gateway: Member): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${gateway.port}/mcp/everything`), {
      requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
    });
    const client = new Client({ name: "cluster-test", version: "1.0.0" });
    await client.connect(transport);
    return { client, transport };
  }

  /** One echo call on an existing session, by hand, through whichever gateway. */
  async function echoThrough(gateway: Member, sessionId: string, message: string): Promise<{ status: number; body: { result?: { content: Array<{ text: string }> }; error?: { code: number; message: string; data?: { reason?: string } } } }> {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/mcp/everything`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: `by-hand-${message}`, method: "tools/call", params: { name: "echo", arguments: { message } } }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function recordOf(sessionId: string): Promise<SessionRecord> {
    const stored = await engine.get(ENGINE_KEYS.session(sessionId));
    expect(stored, "the session's record in the engine").not.toBeNull();
    return JSON.parse(stored!) as SessionRecord;
  }

  it("goes on with a session opened on one gateway through the other, on the same process", async () => {
    const { client, transport } = await connect(gatewayA);
    const echoed = await client.callTool({ name: "echo", arguments: { message: "via A" } });
    expect((echoed.content as Array<{ text: string }>)[0]!.text).toBe("Echo: via A");
    const sessionId = transport.sessionId!;
    const before = await recordOf(sessionId);

    const viaB = await echoThrough(gatewayB, sessionId, "via B");
    expect(viaB.status).toBe(200);
    expect(viaB.body.result!.content[0]!.text).toBe("Echo: via B");
    expect(await recordOf(sessionId)).toMatchObject({ node: before.node, process: before.process });

    const again = await client.callTool({ name: "echo", arguments: { message: "A again" } });
    expect((again.content as Array<{ text: string }>)[0]!.text).toBe("Echo: A again");
    await transport.terminateSession();
    await client.close();
    // The end is announced to every gateway through the engine, as revocations are.
    let after = await echoThrough(gatewayB, sessionId, "after the end");
    for (const until = Date.now() + 1000; after.status === 200 && Date.now() < until; ) {
      await sleep(50);
      after = await echoThrough(gatewayB, sessionId, "after the end");
    }
    expect(after.status).toBe(404);
    expect(after.body.error!.data!.reason).toBe("no_session");
  });

  it("spreads new sessions over both agents", async () => {
    // Sessions go to the less loaded of the two agents, warm processes counted: the one that has
    // served before starts with more, so enough sessions are opened that both must take some.
    const sessions = await Promise.all(Array.from({ length: 12 }, (_, i) => connect(i % 2 ? gatewayA : gatewayB)));
    const nodes = new Set(await Promise.all(sessions.map(async ({ transport }) => (await recordOf(transport.sessionId!)).node)));
    expect(nodes.size).toBe(2);
    for (const { client, transport } of sessions) {
      await transport.terminateSession();
      await client.close();
    }
  });

  it("ends the sessions of a killed agent with a clear error, and starts new ones on the other", async () => {
    const { client, transport } = await connect(gatewayA);
    const sessionId = transport.sessionId!;
    expect((await echoThrough(gatewayB, sessionId, "before")).status).toBe(200);
    const { node } = await recordOf(sessionId);
    const victim = members.find((member) => node.startsWith(member.name))!;
    victim.run.child.kill("SIGKILL");
    await victim.run.exited;

    for (const gateway of [gatewayA, gatewayB]) {
      let answer = await echoThrough(gateway, sessionId, "after");
      const until = Date.now() + 5000;
      while (answer.status === 200 && Date.now() < until) {
        await sleep(100);
        answer = await echoThrough(gateway, sessionId, "after");
      }
      expect(answer.status, `through ${gateway.name}`).toBe(404);
      expect(answer.body.error!.data!.reason).toBe("upstream_lost");
      expect(answer.body.error!.message).toMatch(/can not go on: .*initialize a new session/);
    }
    await client.close();

    const fresh = await connect(gatewayB);
    const reply = await fresh.client.callTool({ name: "echo", arguments: { message: "survivor" } });
    expect((reply.content as Array<{ text: string }>)[0]!.text).toBe("Echo: survivor");
    expect((await recordOf(fresh.transport.sessionId!)).node).not.toBe(node);
    await fresh.transport.terminateSession();
    await fresh.client.close();
  }, 30_000);

  it("keeps a session's process when its gateway stops, so the session goes on through another", async () => {
    const { client, transport } = await connect(gatewayA);
    const sessionId = transport.sessionId!;
    expect((await echoThrough(gatewayA, sessionId, "before the stop")).status).toBe(200);
    gatewayA.run.child.kill("SIGTERM");
    expect(await gatewayA.run.exited).toEqual({ code: 0, signal: null });
    const after = await echoThrough(gatewayB, sessionId, "after the stop");
    expect(after.status).toBe(200);
    expect(after.body.result!.content[0]!.text).toBe("Echo: after the stop");
    await client.close();
  }, 30_000);
});
