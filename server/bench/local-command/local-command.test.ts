import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentServer } from "../../../runner/agent/agent-server.ts";
import { ComponentStore } from "../../../runner/agent/component-store.ts";
import { NodeAgent, type NodeAgentOptions } from "../../../runner/agent/node-agent.ts";
import { FIXTURE } from "../../../runner/agent/test/fixtures.ts";
import { LocalFleet } from "../../../runner/gateway/routing/local-fleet.ts";
import { createLogger } from "../../log/logger.ts";
import { type Cleanup, wireGateway } from "../../start/wire-gateway.ts";
import { appRouter } from "../../trpc/root.ts";
import { consoleHeaders, openTestRuntime } from "../../trpc/test-runtime.ts";
import { ephemeralCommands } from "./ephemeral-commands.ts";
import { COMMAND_LEASE_MS, describeFailure, keepLocalCommand, startLocalCommand, stopAbandonedCommands } from "./start-local-command.ts";

/**
 * The bench's local stdio commands end to end: the console's tRPC call starts a real process
 * through a real node agent (over its control API), and a real gateway serves it at /mcp/<name>.
 */
describe("local stdio commands", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  let agent: NodeAgent;
  let gatewayUrl = "";
  let key = "";
  const cleanups: Cleanup[] = [];
  const ORIGIN = "http://127.0.0.1:3000";
  const caller = (headers = consoleHeaders({ origin: ORIGIN })) => appRouter.createCaller({ runtime, headers });

  beforeAll(async () => {
    runtime = await openTestRuntime();
    const log = createLogger("silent");
    const options: NodeAgentOptions = {
      address: "",
      capacity: 8,
      engine: runtime.engine,
      store: new ComponentStore(path.join(os.tmpdir(), "switchyard-bench-local-store"), runtime.projectRoot),
      allowCommands: true,
      log,
    };
    agent = new NodeAgent(options);
    const agentServer = createAgentServer(agent, runtime.agentToken, log);
    await new Promise<void>((resolve) => agentServer.server.listen(0, "127.0.0.1", resolve));
    options.address = `http://127.0.0.1:${(agentServer.server.address() as AddressInfo).port}`;
    await agent.start();
    cleanups.push(() => agent.stop(), () => agentServer.close());
    const gateway = await wireGateway({ database: runtime.database, engine: runtime.engine, secretBox: runtime.secretBox, log, fleet: new LocalFleet(agent), fleetHealth: () => ({}), allowedOrigins: [] }, cleanups);
    await new Promise<void>((resolve) => gateway.server.listen(0, "127.0.0.1", resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
    runtime.urls.gateway = gatewayUrl;
    key = (await caller().keys.create({ name: "bench test" })).key;
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await runtime.close();
  });

  const connect = async (deployment: string) => {
    const client = new Client({ name: "local-command-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp/${deployment}`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
    return client;
  };

  it("starts a command as an ephemeral deployment reached through the gateway, and removes it on stop", async () => {
    const started = await caller().bench.startCommand({ command: process.execPath, args: [FIXTURE, "ok"], env: { FAKE_TOKEN: "s3cret-value" } });
    expect(started.deployment).toMatch(/^bench-local-[0-9a-f]{8}$/);
    expect(started.endpoints.mcp).toBe(`${gatewayUrl}/mcp/${started.deployment}`);
    expect(JSON.stringify(started)).not.toContain("s3cret-value");
    const client = await connect(started.deployment);
    const result = await client.callTool({ name: "echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "Echo: hi" }]);
    await client.close();

    const audit = await runtime.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "bench.command.start", target: `deployment:${started.deployment}` } });
    expect(audit.data).toMatchObject({ env: ["FAKE_TOKEN"] });
    expect(JSON.stringify(audit.data)).not.toContain("s3cret-value");

    expect(await caller().bench.stopCommand({ deployment: started.deployment })).toEqual({ stopped: true });
    expect(ephemeralCommands().find(runtime.localTenantId!, started.deployment)).toBeUndefined();
    await expect(connect(started.deployment)).rejects.toThrow(/404|not found|no deployment/i);
    expect(await caller().bench.stopCommand({ deployment: started.deployment })).toEqual({ stopped: false });
  }, 60_000);

  it("stops a command whose tab stopped renewing its lease, and keeps the one whose tab renews it", async () => {
    const start = Date.now();
    const abandoned = await caller().bench.startCommand({ command: process.execPath, args: [FIXTURE, "ok"] });
    const renewed = await caller().bench.startCommand({ command: process.execPath, args: [FIXTURE, "ok"] });
    expect(await caller().bench.keepCommand({ deployment: renewed.deployment })).toEqual({ kept: true });
    expect(keepLocalCommand({ tenantId: runtime.localTenantId!, deployment: renewed.deployment }, start + 2 * 60_000)).toBe(true);

    expect(await stopAbandonedCommands(runtime, start + COMMAND_LEASE_MS - 60_000)).toEqual([]);
    expect(await stopAbandonedCommands(runtime, start + COMMAND_LEASE_MS + 60_000)).toEqual([abandoned.deployment]);
    expect(agent.processes().filter((p) => p.deployment === abandoned.deployment)).toEqual([]);
    await expect(connect(abandoned.deployment)).rejects.toThrow(/404|not found|no deployment/i);
    expect(await caller().bench.keepCommand({ deployment: abandoned.deployment })).toEqual({ kept: false });

    const client = await connect(renewed.deployment);
    expect((await client.callTool({ name: "echo", arguments: { message: "still here" } })).content).toEqual([{ type: "text", text: "Echo: still here" }]);
    await client.close();
    expect(await caller().bench.stopCommand({ deployment: renewed.deployment })).toEqual({ stopped: true });
    await expect(caller().bench.keepCommand({ deployment: "no spaces allowed" })).rejects.toThrow(/expected a deployment name such as bench-local-1a2b3c4d/);
  }, 60_000);

  it("reports a command that does not exist in words, and leaves nothing behind", async () => {
    const attempt = caller().bench.startCommand({ command: "/nonexistent/switchyard-no-such-server", args: [] });
    const message = await attempt.then(() => "", (e: Error) => e.message);
    expect(message).toBe("/nonexistent/switchyard-no-such-server did not start: there is no program /nonexistent/switchyard-no-such-server (check the path, or that it is on the PATH /usr/local/bin:/usr/bin:/bin)");
  }, 30_000);

  it("reports a command that exits at once with its stderr tail, secrets masked", async () => {
    const script = "console.error('loading config'); console.error('fatal: bad token ' + process.env.API_TOKEN); process.exit(3)";
    const error = await caller()
      .bench.startCommand({ command: process.execPath, args: ["-e", script], env: { API_TOKEN: "tok-123456" } })
      .then(() => null, (e: unknown) => e as { message: string; cause?: { details?: { commandFailure?: { message: string; stderrTail: string[] } } } });
    expect(error?.message).toMatch(/did not start/);
    const failure = error?.cause?.details?.commandFailure;
    expect(failure?.stderrTail).toContain("fatal: bad token ***");
    expect(JSON.stringify(error?.message)).not.toContain("tok-123456");
  }, 30_000);

  it("refuses to start commands without an Origin, from another Origin or Host, or without the session token", async () => {
    const input = { command: process.execPath, args: [FIXTURE, "ok"] };
    await expect(caller(consoleHeaders({ origin: "" })).bench.startCommand(input)).rejects.toThrow(/must carry an Origin header/);
    await expect(caller(consoleHeaders({ origin: "http://evil.example" })).bench.startCommand(input)).rejects.toThrow(/must come from the console/);
    await expect(caller(consoleHeaders({ origin: ORIGIN, host: "evil.example:3000" })).bench.startCommand(input)).rejects.toThrow(/must come from the console/);
    await expect(caller(consoleHeaders({ origin: ORIGIN, cookie: "sy_session=wrong" })).bench.startCommand(input)).rejects.toThrow(/session token/);
    await expect(caller(consoleHeaders({ origin: ORIGIN })).bench.stopCommand({ deployment: "x" })).resolves.toEqual({ stopped: false });
    await expect(caller(consoleHeaders({ origin: "" })).bench.stopCommand({ deployment: "x" })).rejects.toThrow(/must carry an Origin header/);
  });

  it("names the field of a bad command", async () => {
    // The tRPC error formatter turns these into "<field>: <message>" on the wire; the caller sees the zod issues.
    const issue = async (input: Parameters<ReturnType<typeof caller>["bench"]["startCommand"]>[0]) =>
      caller().bench.startCommand(input).then(() => null, (e: { cause?: { issues?: Array<{ path: PropertyKey[]; message: string }> } }) => e.cause?.issues?.[0]);
    expect(await issue({ command: "  ", args: [] })).toMatchObject({ path: ["command"], message: "expected the program to run, e.g. node or npx" });
    expect(await issue({ command: "node", env: { "BAD NAME": "x" } })).toMatchObject({ path: ["env", "BAD NAME"], message: "expected an environment variable name, e.g. API_TOKEN" });
    expect(await issue({ command: "node", cwd: "relative/dir" })).toMatchObject({ path: ["cwd"], message: "expected an absolute directory, e.g. /home/me/my-server" });
  });

  it("never starts commands in saas mode", async () => {
    const saas = { ...runtime, config: { ...runtime.config, mode: "saas" as const } };
    await expect(startLocalCommand(saas, { tenantId: runtime.localTenantId!, actor: "t", command: { command: "node", args: [], env: {} } })).rejects.toThrow(/only in local mode/);
  });

  it("splits the agent's report into words and stderr lines", () => {
    const failure = describeFailure("deployment bench-local-0a1b2c3d could not start a server: exited with code 3 (stderr: a secret-1 | b)", ["secret-1"]);
    expect(failure).toEqual({ message: "exited with code 3", stderrTail: ["a ***", "b"] });
  });
});

describe("an agent that is not in local mode", () => {
  it("refuses deployments that carry their own command", async () => {
    const log = createLogger("silent");
    const engine = { set: async () => {}, delete: async () => {} };
    const agent = new NodeAgent({ address: "http://127.0.0.1:1", capacity: 2, engine, store: new ComponentStore(os.tmpdir(), os.tmpdir()), log });
    const request = { id: "d1", name: "d1", manifest: { name: "local.bench/command", description: "x", version: "0.0.0" }, values: { config: {}, secrets: {} }, command: { command: process.execPath, args: [FIXTURE, "ok"] } };
    await expect(agent.deploy(request)).rejects.toThrow(/only a local-mode agent runs/);
    await agent.stop();
  });
});
