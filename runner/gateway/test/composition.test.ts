/**
 * Composites end to end: a composition of two deployments of the real everything server, saved
 * through the compositions service (checked live through the agent), served by the gateway at
 * one endpoint, and used with the official MCP client. Runs on PGlite + memory engine by default,
 * on PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import WebSocket from "ws";
import { McpError, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createComposition, previewComposition } from "../../../server/compositions/compositions-service.ts";
import { fleetLister } from "../../../server/compositions/member-listings.ts";
import { SecretBox } from "../../../server/crypto/secret-box.ts";
import { announceDeploymentsChanged } from "../../../server/deployments/deployments-changed.ts";
import { AppError } from "../../../server/errors.ts";
import { createKey } from "../../../server/keys/keys-service.ts";
import { createLogger } from "../../../server/log/logger.ts";
import { type Cleanup, wireGateway } from "../../../server/start/wire-gateway.ts";
import { ERROR_CODES } from "../../protocol/jsonrpc.ts";
import { compositionSpecSchema } from "../compose/composition-spec.ts";
import { createAgentServer } from "../../agent/agent-server.ts";
import type { NodeRecord } from "../../agent/node-agent.ts";
import { LocalFleet } from "../routing/local-fleet.ts";
import { RemoteFleet } from "../routing/remote-fleet.ts";
import { type GatewayHarness, addEverythingDeployment, startGatewayHarness } from "./harness.ts";
import { eventually } from "../../test-support/eventually.ts";
import { rejectionOf } from "../../test-support/rejection.ts";

let h: GatewayHarness;
const open: Array<{ client: Client; transport: StreamableHTTPClientTransport }> = [];

/** The composite under test: two members, prefixes, an exclusion, a rename and a fixed argument. */
const COMBO = compositionSpecSchema.parse({
  members: [
    { deployment: "everything", prefix: "a_", exclude: ["get-env", "trigger-*", "simulate-*", "gzip-*"], tools: { "get-sum": { fixedArguments: { a: 10 } } } },
    {
      deployment: "second",
      prefix: "b_",
      include: ["echo", "get-sum", "trigger-long-running-operation"],
      tools: { echo: { name: "shout", description: "Echoes, from the second server" } },
    },
  ],
});

beforeAll(async () => {
  h = await startGatewayHarness();
  await addEverythingDeployment(h.db, h.tenantA.id, "second", {});
  const saved = await createComposition({ ...services(h.tenantA.id), actor: "test", name: "combo", composition: COMBO });
  expect(saved.review.problems).toEqual([]);
});

afterEach(async () => {
  await Promise.allSettled(
    open.splice(0).map(async ({ client, transport }) => {
      await transport.terminateSession().catch(() => {});
      await client.close();
    }),
  );
});

afterAll(async () => {
  await h?.close();
});

function services(tenantId: string) {
  return { db: h.db, engine: h.engine, secretBox: new SecretBox(randomBytes(32)), tenantId, gatewayUrl: h.url, lister: fleetLister(new LocalFleet(h.agent)) };
}

async function connect(key: string, deployment = "combo"): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/${deployment}`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
  const client = new Client({ name: "composition-test", version: "1.0.0" });
  open.push({ client, transport });
  await client.connect(transport);
  return client;
}

function text(result: unknown): string {
  return ((result as { content: Array<{ text: string }> }).content[0]!).text;
}

/** Stdio processes leased to sessions now, by deployment name. */
function leased(deployment: string): number[] {
  return h.agent.processes().flatMap((p) => (p.deployment === deployment && p.state === "leased" && p.pid !== null ? [p.pid] : []));
}

describe("a composite deployment", () => {
  it("is one server named after the composite, offering the selected, renamed, filtered tools of both members", async () => {
    const client = await connect(h.tenantA.key);
    expect(client.getServerVersion()).toMatchObject({ name: "combo" });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain("a_echo");
    expect(names).toContain("a_get-sum");
    expect(names).toEqual(expect.arrayContaining(["b_shout", "b_get-sum", "b_trigger-long-running-operation"]));
    expect(names.filter((n) => n.startsWith("b_"))).toHaveLength(3);
    expect(names).not.toContain("a_get-env");
    expect(names).not.toContain("a_trigger-long-running-operation");
    expect(names.every((n) => n.startsWith("a_") || n.startsWith("b_"))).toBe(true);
    expect(tools.find((t) => t.name === "b_shout")!.description).toBe("Echoes, from the second server");
    const sum = tools.find((t) => t.name === "a_get-sum")!.inputSchema;
    expect(Object.keys(sum.properties ?? {})).toEqual(["b"]);
    expect(sum.required).toEqual(["b"]);
    expect(Object.keys(tools.find((t) => t.name === "b_get-sum")!.inputSchema.properties ?? {})).toEqual(["a", "b"]);
    // One process per member for this session, none of the composite's own.
    expect(leased("everything")).toHaveLength(1);
    expect(leased("second")).toHaveLength(1);
  });

  it("calls a tool of each member, the fixed argument filled in", async () => {
    const client = await connect(h.tenantA.key);
    expect(text(await client.callTool({ name: "a_get-sum", arguments: { b: 5 } }))).toBe("The sum of 10 and 5 is 15.");
    expect(text(await client.callTool({ name: "b_shout", arguments: { message: "hi" } }))).toBe("Echo: hi");
    expect(text(await client.callTool({ name: "b_get-sum", arguments: { a: 1, b: 2 } }))).toBe("The sum of 1 and 2 is 3.");
  });

  it("merges the members' prompts under their prefixes and their resources under their own URIs", async () => {
    const client = await connect(h.tenantA.key);
    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toEqual(expect.arrayContaining(["a_simple-prompt", "b_simple-prompt", "b_args-prompt"]));
    const prompt = await client.getPrompt({ name: "b_args-prompt", arguments: { city: "Lyon" } });
    expect(JSON.stringify(prompt.messages)).toContain("Lyon");
    const { resources } = await client.listResources();
    expect(resources.length).toBeGreaterThan(0);
    // Both members list the same URIs: each once, served by the first member.
    expect(new Set(resources.map((r) => r.uri)).size).toBe(resources.length);
    const read = await client.readResource({ uri: resources[0]!.uri });
    expect(read.contents[0]!.uri).toBe(resources[0]!.uri);
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    expect(templates.map((t) => t.uriTemplate)).toContain("demo://resource/dynamic/text/{resourceId}");
    // A URI no list names goes to the member whose template it fits.
    expect((await client.readResource({ uri: "demo://resource/dynamic/text/7" })).contents[0]!.uri).toBe("demo://resource/dynamic/text/7");
  });

  it("passes a member's progress notifications through to the caller of a long call", async () => {
    const client = await connect(h.tenantA.key);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: "b_trigger-long-running-operation", arguments: { duration: 1, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p), timeout: 20_000 },
    );
    expect(text(result)).toContain("Long running operation completed");
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);
    expect(progress.every((p) => p.total === 3)).toBe(true);
  });

  it("refuses a value for a fixed argument, and an unknown tool, with -32602", async () => {
    const client = await connect(h.tenantA.key);
    const fixed = await rejectionOf(client.callTool({ name: "a_get-sum", arguments: { a: 1, b: 2 } }), McpError);
    expect(fixed.code).toBe(ERROR_CODES.invalidParams);
    expect(fixed.message).toContain('argument "a" of tool "a_get-sum" is fixed by composite "combo" and cannot be set by the caller');
    const unknown = await rejectionOf(client.callTool({ name: "a_get-env", arguments: {} }), McpError);
    expect(unknown.code).toBe(ERROR_CODES.invalidParams);
    expect(unknown.message).toContain('unknown tool "a_get-env": composite "combo" offers a_echo');
    // The session goes on.
    expect(text(await client.callTool({ name: "a_echo", arguments: { message: "after" } }))).toBe("Echo: after");
  });

  it("is only for its own tenant's keys; a key scoped to the composite reaches the members on its behalf", async () => {
    const other = await fetch(`${h.url}/mcp/combo`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.tenantB.key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "b", version: "1" } } }),
    });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe("no_deployment");
    // Tenant B cannot make a composite of tenant A's deployments either.
    const foreign = await createComposition({ ...services(h.tenantB.id), actor: "test", name: "stolen", composition: compositionSpecSchema.parse({ members: [{ deployment: "second" }] }) }).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(AppError);
    expect((foreign as AppError).message).toBe('members.0.deployment: your tenant has no deployment named "second"');

    const { key } = await createKey({ db: h.db, tenantId: h.tenantA.id, name: "combo only", scopes: ["combo"], actor: "test" });
    const client = await connect(key);
    expect(text(await client.callTool({ name: "b_shout", arguments: { message: "scoped" } }))).toBe("Echo: scoped");
    const direct = await connect(key, "second").then(
      () => "connected",
      (e: unknown) => String(e),
    );
    expect(direct).toContain("may not call deployment");
  });

  it("refuses new sessions while a member is stopped, naming it", async () => {
    const initialize = () =>
      fetch(`${h.url}/mcp/combo`, {
        method: "POST",
        headers: { authorization: `Bearer ${h.tenantA.key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
      });
    // As the fleet console does it: the row, then the announcement every gateway hears.
    const setStopped = async (stopped: boolean) => {
      await h.db.deployment.update({ where: { tenantId_name: { tenantId: h.tenantA.id, name: "second" } }, data: { stopped } });
      await announceDeploymentsChanged(h.engine, h.tenantA.id);
    };
    const end = async (answer: Response) => {
      const session = answer.headers.get("mcp-session-id");
      if (session) await fetch(`${h.url}/mcp/combo`, { method: "DELETE", headers: { authorization: `Bearer ${h.tenantA.key}`, "mcp-session-id": session } });
      await answer.body?.cancel();
    };
    // The gateway hears the announcement over the engine's pub/sub (Redis in CI), which may come
    // after a request sent at once: poll, ending any session opened before it was heard.
    const initializeUntil = async (status: number): Promise<Response> => {
      let answer: Response | undefined;
      await eventually(`initialize answers ${status}`, 5_000, async () => {
        if (answer) await end(answer);
        answer = await initialize();
        return answer.status === status;
      });
      return answer!;
    };
    await setStopped(true);
    try {
      const refused = await initializeUntil(503);
      expect(((await refused.json()) as { error: { message: string; data: { reason: string } } }).error).toMatchObject({
        message: 'member 2 (second (prefix "b_")) of composite "combo": deployment "second" is stopped; start it from the fleet console',
        data: { reason: "stopped" },
      });
    } finally {
      await setStopped(false);
    }
    await end(await initializeUntil(200));
  });

  it("keeps the other member working when one member's process dies, and lets every process go at the end", async () => {
    const client = await connect(h.tenantA.key);
    await client.listTools();
    const [victim] = leased("second");
    expect(victim).toBeDefined();
    process.kill(victim!, "SIGKILL");
    await eventually("the killed member process is gone", 10_000, () => !leased("second").includes(victim!));
    const lost = await rejectionOf(client.callTool({ name: "b_shout", arguments: { message: "x" } }), McpError);
    expect(lost.code).toBe(ERROR_CODES.upstreamGone);
    expect(lost.message).toContain('tool "b_shout" of composite "combo" goes to member 2 (second (prefix "b_")), whose process ended');
    expect(text(await client.callTool({ name: "a_echo", arguments: { message: "still here" } }))).toBe("Echo: still here");
    expect((await client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith("b_"))).toEqual([]);

    const { transport } = open.pop()!;
    await transport.terminateSession();
    await client.close();
    await eventually("every member process of the session is given back", 10_000, () => leased("everything").length === 0 && leased("second").length === 0);
  });

  it("goes on through another gateway, which takes the session and every member's process over", async () => {
    const cleanups: Cleanup[] = [];
    const other = await wireGateway(
      { database: h.database, engine: h.engine, secretBox: new SecretBox(randomBytes(32)), log: createLogger("silent"), fleet: new LocalFleet(h.agent), fleetHealth: () => ({}), allowedOrigins: [] },
      cleanups,
    );
    try {
      await new Promise<void>((resolve) => other.server.listen(0, "127.0.0.1", resolve));
      const otherUrl = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
      const post = (base: string, session: string | undefined, body: unknown) =>
        fetch(`${base}/mcp/combo`, {
          method: "POST",
          headers: { authorization: `Bearer ${h.tenantA.key}`, accept: "application/json", "content-type": "application/json", ...(session ? { "mcp-session-id": session } : {}) },
          body: JSON.stringify(body),
        });
      const init = await post(h.url, undefined, { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
      const session = init.headers.get("mcp-session-id")!;
      expect(((await init.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe("combo");
      expect((await post(h.url, session, { jsonrpc: "2.0", method: "notifications/initialized" })).status).toBe(202);
      const processes = [...leased("everything"), ...leased("second")];
      expect(processes).toHaveLength(2);

      const sum = (await (await post(otherUrl, session, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "a_get-sum", arguments: { b: 2 } } })).json()) as { result: unknown };
      expect(text(sum.result)).toBe("The sum of 10 and 2 is 12.");
      const shout = (await (await post(otherUrl, session, { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "b_shout", arguments: { message: "moved" } } })).json()) as { result: unknown };
      expect(text(shout.result)).toBe("Echo: moved");
      expect([...leased("everything"), ...leased("second")].sort()).toEqual(processes.sort());

      const ended = await fetch(`${otherUrl}/mcp/combo`, { method: "DELETE", headers: { authorization: `Bearer ${h.tenantA.key}`, "mcp-session-id": session } });
      expect(ended.status).toBe(200);
      await eventually("both member processes are given back", 10_000, () => leased("everything").length === 0 && leased("second").length === 0);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  });

  it("works the same over the node agents' links, as a gateway of its own reaches them", async () => {
    const token = randomBytes(24).toString("hex");
    const log = createLogger("silent");
    const agentServer = createAgentServer(h.agent, token, log);
    const cleanups: Cleanup[] = [() => agentServer.close()];
    try {
      await new Promise<void>((resolve) => agentServer.server.listen(0, "127.0.0.1", resolve));
      const node: NodeRecord = {
        id: h.agent.id,
        address: `http://127.0.0.1:${(agentServer.server.address() as AddressInfo).port}`,
        capacity: 16,
        load: 0,
        isolation: "none",
        hostname: "test",
        startedAt: new Date().toISOString(),
      };
      const fleet = new RemoteFleet({ keys: async () => ["node"], get: async () => JSON.stringify(node) }, token, log);
      const remote = await wireGateway({ database: h.database, engine: h.engine, secretBox: new SecretBox(randomBytes(32)), log, fleet, fleetHealth: () => ({}), allowedOrigins: [] }, cleanups);
      await new Promise<void>((resolve) => remote.server.listen(0, "127.0.0.1", resolve));
      const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(remote.server.address() as AddressInfo).port}/mcp/combo`), {
        requestInit: { headers: { Authorization: `Bearer ${h.tenantA.key}` } },
      });
      const client = new Client({ name: "composition-test", version: "1.0.0" });
      await client.connect(transport);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("b_shout");
      expect(text(await client.callTool({ name: "a_get-sum", arguments: { b: 3 } }))).toBe("The sum of 10 and 3 is 13.");
      const progress: Progress[] = [];
      await client.callTool({ name: "b_trigger-long-running-operation", arguments: { duration: 0.5, steps: 2 } }, undefined, { onprogress: (p) => progress.push(p) });
      expect(progress.map((p) => p.progress)).toEqual([1, 2]);
      expect((await rejectionOf(client.callTool({ name: "a_get-sum", arguments: { a: 0, b: 3 } }), McpError)).code).toBe(ERROR_CODES.invalidParams);
      await transport.terminateSession();
      await client.close();
      await eventually("both member processes are given back over the link", 10_000, () => leased("everything").length === 0 && leased("second").length === 0);

      // The console's preview lists members the same way, through the agents' links.
      const review = await previewComposition({ ...services(h.tenantA.id), lister: fleetLister(fleet), composition: COMBO });
      expect(review.tools.map((t) => t.name)).toContain("b_shout");
      await eventually("the processes the preview listed are given back", 10_000, () => leased("everything").length === 0 && leased("second").length === 0);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  });

  it("is served over legacy SSE and WebSocket as well", async () => {
    const headers = { Authorization: `Bearer ${h.tenantA.key}` };
    const sse = new SSEClientTransport(new URL(`${h.url}/sse/combo`), {
      eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) },
      requestInit: { headers },
    });
    const client = new Client({ name: "composition-sse", version: "1.0.0" });
    await client.connect(sse);
    try {
      expect(text(await client.callTool({ name: "b_shout", arguments: { message: "over sse" } }))).toBe("Echo: over sse");
    } finally {
      await client.close();
    }

    const socket = new WebSocket(`${h.url.replace(/^http/, "ws")}/ws/combo`, ["mcp"], { headers: { authorization: `Bearer ${h.tenantA.key}` } });
    const replies: Array<{ id?: number; result?: any; error?: any }> = [];
    socket.on("message", (data) => replies.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const ask = async (id: number, method: string, params: Record<string, unknown>) => {
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      await eventually(`the answer to ${method}`, 10_000, () => replies.some((r) => r.id === id));
      return replies.find((r) => r.id === id)!;
    };
    try {
      expect((await ask(1, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "ws", version: "1" } })).result.serverInfo.name).toBe("combo");
      expect(text((await ask(2, "tools/call", { name: "a_get-sum", arguments: { b: 4 } })).result)).toBe("The sum of 10 and 4 is 14.");
      expect((await ask(3, "tools/call", { name: "nope" })).error.code).toBe(ERROR_CODES.invalidParams);
    } finally {
      socket.close();
    }
    await eventually("the SSE and WebSocket sessions' processes are given back", 10_000, () => leased("everything").length === 0 && leased("second").length === 0);
  });

  it("answers stateless 2026-07-28 requests too", async () => {
    const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
    const post = (id: number, method: string, params: Record<string, unknown> = {}) =>
      fetch(`${h.url}/mcp/combo`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${h.tenantA.key}`,
          accept: "application/json, text/event-stream",
          "content-type": "application/json",
          "mcp-protocol-version": "2026-07-28",
          "mcp-method": method,
          ...(typeof params.name === "string" ? { "mcp-name": params.name } : {}),
        },
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: meta } }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { result?: Record<string, any>; error?: { code: number; message: string } } }));
    const discover = await post(1, "server/discover");
    expect(discover.status).toBe(200);
    expect(discover.body.result?.capabilities?.tools).toBeDefined();
    const listed = await post(2, "tools/list");
    expect((listed.body.result?.tools as Array<{ name: string }>).map((t) => t.name)).toContain("b_shout");
    const called = await post(3, "tools/call", { name: "a_get-sum", arguments: { b: 1 } });
    expect(called.body.result?.content?.[0]?.text).toBe("The sum of 10 and 1 is 11.");
  });

  it("is previewed with the live tools before it is saved, clashes refused", async () => {
    const clash = compositionSpecSchema.parse({ members: [{ deployment: "everything", prefix: "x_" }, { deployment: "second", prefix: "x_" }] });
    const review = await previewComposition({ ...services(h.tenantA.id), composition: clash });
    expect(review.problems[0]).toMatch(/^two tools would be named "x_echo": echo of member 1 \(everything \(prefix "x_"\)\) and echo of member 2 \(second \(prefix "x_"\)\) — give member 2 another prefix, e.g. "second_"/);
    expect(review.members[1]!.tools.length).toBeGreaterThan(5);
    const refused = await createComposition({ ...services(h.tenantA.id), actor: "test", name: "clashing", composition: clash }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toContain('two tools would be named "x_echo"');
    expect(await h.db.deployment.findUnique({ where: { tenantId_name: { tenantId: h.tenantA.id, name: "clashing" } } })).toBeNull();
  });
});
