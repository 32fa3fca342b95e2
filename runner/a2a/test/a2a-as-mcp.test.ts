/**
 * A2A → MCP: an @a2a-js/sdk agent (fixtures/test-agent.ts) registered as a component through the
 * publish path, deployed, and called by the MCP SDK client through a real gateway: skills as
 * tools, streaming as progress, artifacts as content and structured content, FAILED/REJECTED as
 * isError, INPUT_REQUIRED as elicitation (or a result naming the task without it), a hung agent
 * and a dropped stream; and the cards registration refuses.
 */
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "../../gateway/test/harness.ts";
import { eventually } from "../../test-support/eventually.ts";
import { A2A_META_KEY } from "../meta-key.ts";
import { A2A_RESULT_META_KEY } from "../remote-call.ts";
import { type PublishContext, publishVersion } from "../../../server/registry/publish.ts";
import { AppError } from "../../../server/errors.ts";
import { type RunningTestAgent, startTestAgent } from "./fixtures/test-agent.ts";

let h: GatewayHarness;
let remote: RunningTestAgent;
let namespace: string;
const clients: Client[] = [];

const noProber = { probe: () => Promise.reject(new Error("an A2A agent is not probed on a node")) };

function context(mode: "local" | "saas", lookup?: PublishContext["lookup"]): PublishContext {
  return { db: h.db, prober: noProber, mode, ...(lookup ? { lookup } : {}) };
}

function agentManifest(name: string, version: string, cardUrl: string, extra: Record<string, unknown> = {}) {
  return { name: `${namespace}/${name}`, description: "The test A2A agent", version, _meta: { [A2A_META_KEY]: { agentCardUrl: cardUrl, idleTimeoutSeconds: 1, ...extra } } };
}

async function deploy(deploymentName: string, component: string): Promise<void> {
  const version = await h.db.componentVersion.findFirstOrThrow({ where: { component: { name: component } }, select: { id: true } });
  await h.db.deployment.create({ data: { tenantId: h.tenantA.id, name: deploymentName, componentVersionId: version.id } });
}

async function mcpClient(deployment: string, capabilities: Record<string, unknown> = { elicitation: {} }): Promise<Client> {
  const client = new Client({ name: "a2a-test", version: "1.0.0" }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/${deployment}`), { requestInit: { headers: { authorization: `Bearer ${h.tenantA.key}` } } }));
  clients.push(client);
  return client;
}

type ToolResult = { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown>; isError?: boolean; _meta?: Record<string, any> };

function textOf(result: ToolResult): string {
  return result.content.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n");
}

beforeAll(async () => {
  h = await startGatewayHarness();
  remote = await startTestAgent();
  namespace = `io.a2a-test-${randomBytes(4).toString("hex")}`;
  await publishVersion(context("local"), { tenantId: h.tenantA.id, actor: "test", document: agentManifest("agent", "1.0.0", `${remote.url}.well-known/agent-card.json`) });
  await deploy("agent", `${namespace}/agent`);
});

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await h?.close();
  await remote?.close();
});

describe("registering an A2A agent", () => {
  it("records its skills as the version's contract, with sanitized tool names", async () => {
    const version = await h.db.componentVersion.findFirstOrThrow({ where: { component: { name: `${namespace}/agent` } } });
    const tools = (version.snapshot as { tools: Array<{ name: string; inputSchema: unknown }> }).tools;
    expect(tools.map((tool) => tool.name).sort()).toEqual(["ask", "count", "drop", "echo", "fail", "hang", "reject", "slow", "summarize_text"]);
    expect(tools[0]!.inputSchema).toMatchObject({ required: ["message"], properties: { message: {}, data: {}, contextId: {}, taskId: {} } });
    expect(version.readme).toContain("Test Agent");
  });

  it("refuses a card that is not an agent card, naming the fields", async () => {
    const error = await publishVersion(context("local"), { tenantId: h.tenantA.id, actor: "test", document: agentManifest("broken", "1.0.0", `${remote.url}invalid/.well-known/agent-card.json`) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    expect((error as AppError).message).toContain("$.name");
    expect((error as AppError).message).toContain("$.skills");
    expect(await h.db.component.count({ where: { name: `${namespace}/broken` } })).toBe(0);
  });

  it("refuses an agent with no JSON-RPC interface", async () => {
    const error = (await publishVersion(context("local"), { tenantId: h.tenantA.id, actor: "test", document: agentManifest("grpc", "1.0.0", `${remote.url}grpc-only/.well-known/agent-card.json`) }).catch((e: unknown) => e)) as AppError;
    expect(error.message).toContain("no JSON-RPC interface");
  });

  it("refuses a card on a private address in saas mode (also a name that resolves to one), and nothing is written", async () => {
    const loopback = (await publishVersion(context("saas"), { tenantId: h.tenantA.id, actor: "test", document: agentManifest("private", "1.0.0", `${remote.url}.well-known/agent-card.json`) }).catch((e: unknown) => e)) as AppError;
    expect(loopback).toBeInstanceOf(AppError);
    expect(loopback.message).toContain(`$._meta["${A2A_META_KEY}"].agentCardUrl`);
    expect(loopback.message).toContain("saas mode does not reach");
    const rebound = (await publishVersion(context("saas", async () => ["10.1.2.3"]), {
      tenantId: h.tenantA.id,
      actor: "test",
      document: agentManifest("private", "1.0.0", "https://agent.example.com/.well-known/agent-card.json"),
    }).catch((e: unknown) => e)) as AppError;
    expect(rebound.message).toContain("10.1.2.3");
    expect(await h.db.component.count({ where: { name: `${namespace}/private` } })).toBe(0);
  });

  it("refuses an A2A manifest with a bad agentCardUrl or with packages", async () => {
    const bad = (await publishVersion(context("local"), { tenantId: h.tenantA.id, actor: "test", document: agentManifest("bad", "1.0.0", "ftp://x") }).catch((e: unknown) => e)) as AppError;
    expect(bad.message).toContain(`$._meta["${A2A_META_KEY}"].agentCardUrl: expected the http(s) URL of the agent's card`);
    const both = { ...agentManifest("both", "1.0.0", `${remote.url}.well-known/agent-card.json`), packages: [{ registryType: "npm", identifier: "x", version: "1.0.0", transport: { type: "stdio" } }] };
    const error = (await publishVersion(context("local"), { tenantId: h.tenantA.id, actor: "test", document: both }).catch((e: unknown) => e)) as AppError;
    expect(error.message).toContain("has no packages or remotes");
  });
});

describe("an A2A agent served as an MCP server", () => {
  it("lists each skill as a tool with the message/data/contextId/taskId schema", async () => {
    const client = await mcpClient("agent");
    expect(client.getServerVersion()).toMatchObject({ name: "Test Agent", version: "1.2.3" });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["ask", "count", "drop", "echo", "fail", "hang", "reject", "slow", "summarize_text"]);
    const echo = tools.find((tool) => tool.name === "echo")!;
    expect(echo.description).toContain("Says back what it was told");
    expect(echo.inputSchema.required).toEqual(["message"]);
  });

  it("returns artifacts as content and structured content, with the task and context ids in _meta", async () => {
    const client = await mcpClient("agent");
    const result = (await client.callTool({ name: "echo", arguments: { message: "hi there", data: { n: 1 } } })) as ToolResult;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("echo: hi there");
    expect(result.structuredContent).toEqual({ said: "hi there", received: { n: 1 } });
    const meta = result._meta![A2A_RESULT_META_KEY];
    expect(meta).toMatchObject({ state: "TASK_STATE_COMPLETED", taskId: expect.any(String), contextId: expect.any(String) });
    // The context goes on when the client passes it back.
    const next = (await client.callTool({ name: "echo", arguments: { message: "again", contextId: meta.contextId } })) as ToolResult;
    expect(next._meta![A2A_RESULT_META_KEY].contextId).toBe(meta.contextId);
  });

  it("turns a streamed task's events into progress notifications", async () => {
    const client = await mcpClient("agent");
    const progress: Array<{ progress: number; message?: string }> = [];
    const result = (await client.callTool({ name: "count", arguments: { message: "go" } }, undefined, { onprogress: (p) => progress.push(p) })) as ToolResult;
    expect(textOf(result)).toBe("counted to 3");
    expect(progress.map((p) => p.message)).toEqual(expect.arrayContaining(["step 1/3", "step 2/3", "step 3/3"]));
    expect(progress.map((p) => p.progress)).toEqual([...progress.keys()].map((i) => i + 1));
  });

  it("answers FAILED and REJECTED tasks with isError, saying why", async () => {
    const client = await mcpClient("agent");
    const failed = (await client.callTool({ name: "fail", arguments: { message: "x" } })) as ToolResult;
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain("TASK_STATE_FAILED");
    expect(textOf(failed)).toContain("the fail skill always fails");
    const rejected = (await client.callTool({ name: "reject", arguments: { message: "x" } })) as ToolResult;
    expect(rejected.isError).toBe(true);
    expect(textOf(rejected)).toContain("I do not do that");
    expect(rejected._meta![A2A_RESULT_META_KEY].state).toBe("TASK_STATE_REJECTED");
  });

  it("asks the client through elicitation when the agent needs input, and sends the answer on the same task", async () => {
    const client = await mcpClient("agent");
    const asked: unknown[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      return { action: "accept", content: { name: "Ada" } };
    });
    const result = (await client.callTool({ name: "ask", arguments: { message: "greet me" } })) as ToolResult;
    expect(asked).toEqual([expect.objectContaining({ message: "What is your name?", requestedSchema: expect.objectContaining({ required: ["name"] }) })]);
    expect(textOf(result)).toBe("hello Ada");
    expect(result._meta![A2A_RESULT_META_KEY].state).toBe("TASK_STATE_COMPLETED");
  });

  it("without elicitation, names the task waiting for input, and a call with its taskId answers it", async () => {
    const client = await mcpClient("agent", {});
    const waiting = (await client.callTool({ name: "ask", arguments: { message: "greet me" } })) as ToolResult;
    expect(waiting.isError).toBeFalsy();
    const { taskId, state } = waiting._meta![A2A_RESULT_META_KEY];
    expect(state).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(textOf(waiting)).toContain(`taskId "${taskId}"`);
    const answered = (await client.callTool({ name: "ask", arguments: { message: "Bob", taskId } })) as ToolResult;
    expect(textOf(answered)).toBe("hello Bob");
  });

  it("a declined elicitation cancels the agent's task", async () => {
    const client = await mcpClient("agent");
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "decline" }));
    const result = (await client.callTool({ name: "ask", arguments: { message: "greet me" } })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("declined");
    expect(remote.agent.cancelled).toContain(result._meta![A2A_RESULT_META_KEY].taskId);
  });

  it("gives up on an agent that hangs (no event within its idle timeout) and cancels its task", async () => {
    const client = await mcpClient("agent");
    const result = (await client.callTool({ name: "hang", arguments: { message: "x" } })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("the agent sent nothing for 1 s");
    const { taskId } = result._meta![A2A_RESULT_META_KEY];
    await eventually("the hung task is canceled at the agent", 10_000, () => remote.agent.cancelled.includes(taskId));
  });

  it("reports a stream the agent dropped mid-way, with the task to follow up", async () => {
    const client = await mcpClient("agent");
    const result = (await client.callTool({ name: "drop", arguments: { message: "x" } })) as ToolResult;
    expect(result.isError).toBe(true);
    // GetTask after the drop finds the task unfinished (the agent stored it as SUBMITTED).
    expect(textOf(result)).toContain("the agent's stream ended before the task finished (last state TASK_STATE_SUBMITTED)");
    expect(textOf(result)).toContain(`taskId "${result._meta![A2A_RESULT_META_KEY].taskId}"`);
  });

  it("cancels the agent's task when the MCP client cancels the call", async () => {
    const client = await mcpClient("agent");
    const before = remote.agent.cancelled.length;
    const controller = new AbortController();
    const call = client.callTool({ name: "hang", arguments: { message: "x" } }, undefined, { signal: controller.signal, onprogress: () => controller.abort("changed my mind") });
    await expect(call).rejects.toThrow();
    await eventually("the agent's task is canceled", 10_000, () => remote.agent.cancelled.length === before + 1);
  });

  it("speaks A2A v0.3 to an agent whose card is v0.3", async () => {
    await publishVersion(context("local"), { tenantId: h.tenantA.id, actor: "test", document: agentManifest("legacy", "1.0.0", `${remote.url}legacy/.well-known/agent-card.json`) });
    await deploy("legacy-agent", `${namespace}/legacy`);
    const client = await mcpClient("legacy-agent");
    const before = remote.agent.methods.length;
    const progress: string[] = [];
    const result = (await client.callTool({ name: "count", arguments: { message: "go" } }, undefined, { onprogress: (p) => progress.push(String(p.message)) })) as ToolResult;
    expect(textOf(result)).toBe("counted to 3");
    expect(progress).toEqual(expect.arrayContaining(["step 1/3", "step 3/3"]));
    expect(remote.agent.methods.slice(before)).toEqual(["message/stream"]);
  });

  it("refuses unknown tools and bad arguments", async () => {
    const client = await mcpClient("agent");
    const unknown = await client.callTool({ name: "teleport", arguments: { message: "x" } }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(McpError);
    expect((unknown as McpError).code).toBe(-32602);
    expect((unknown as McpError).message).toContain("echo");
    const bad = (await client.callTool({ name: "echo", arguments: { text: "x" } })) as ToolResult;
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain("arguments.message is required");
  });

  it("applies the deployment's rules: renamed and hidden skills, text rendering", async () => {
    await h.db.a2aRuleSet.create({
      data: { deploymentId: (await h.db.deployment.findFirstOrThrow({ where: { tenantId: h.tenantA.id, name: "agent" } })).id, tenantId: h.tenantA.id, updatedBy: "test", rules: { entries: { echo: { rename: "say", rendering: "text" }, hang: { hidden: true } } } },
    });
    const client = await mcpClient("agent");
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("say");
    expect(names).not.toContain("echo");
    expect(names).not.toContain("hang");
    const result = (await client.callTool({ name: "say", arguments: { message: "renamed", data: { k: "v" } } })) as ToolResult;
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toContain('"k": "v"');
  });
});
