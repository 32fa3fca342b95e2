/**
 * A2A → MCP with MCP tasks (revision 2025-11-25): a client that declares the tasks capability
 * may run a skill's tools/call as a task — created at once, its status following the A2A task's
 * (WORKING, INPUT_REQUIRED), its result the call's result, cancelable (the agent's task is
 * canceled), private to its session — through a real gateway, with the MCP SDK's client. A
 * client without the capability is served as before.
 */
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, CreateTaskResultSchema, ElicitRequestSchema, McpError, TaskStatusNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayHarness, startGatewayHarness } from "../../gateway/test/harness.ts";
import { eventually } from "../../test-support/eventually.ts";
import { A2A_META_KEY } from "../meta-key.ts";
import { A2A_RESULT_META_KEY } from "../remote-call.ts";
import { publishVersion } from "../../../server/registry/publish.ts";
import { type RunningTestAgent, startTestAgent } from "./fixtures/test-agent.ts";

let h: GatewayHarness;
let remote: RunningTestAgent;
const clients: Client[] = [];
const TASKS = { tasks: { list: {}, cancel: {} } };

async function mcpClient(capabilities: Record<string, unknown>): Promise<Client> {
  const client = new Client({ name: "a2a-tasks-test", version: "1.0.0" }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp/tasks-agent`), { requestInit: { headers: { authorization: `Bearer ${h.tenantA.key}` } } }));
  clients.push(client);
  return client;
}

async function createTask(client: Client, name: string, message: string) {
  const created = await client.request({ method: "tools/call", params: { name, arguments: { message } } }, CreateTaskResultSchema, { task: { ttl: 60_000 } });
  return created.task;
}

type ToolResult = { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown>; isError?: boolean; _meta?: Record<string, any> };

function textOf(result: ToolResult): string {
  return result.content.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n");
}

beforeAll(async () => {
  h = await startGatewayHarness();
  remote = await startTestAgent();
  const namespace = `io.a2a-tasks-${randomBytes(4).toString("hex")}`;
  const document = { name: `${namespace}/agent`, description: "The test A2A agent", version: "1.0.0", _meta: { [A2A_META_KEY]: { agentCardUrl: `${remote.url}.well-known/agent-card.json`, idleTimeoutSeconds: 1 } } };
  await publishVersion({ db: h.db, prober: { probe: () => Promise.reject(new Error("not probed")) }, mode: "local" }, { tenantId: h.tenantA.id, actor: "test", document });
  const version = await h.db.componentVersion.findFirstOrThrow({ where: { component: { name: `${namespace}/agent` } }, select: { id: true } });
  await h.db.deployment.create({ data: { tenantId: h.tenantA.id, name: "tasks-agent", componentVersionId: version.id } });
});

beforeEach(() => {
  remote.agent.slowMayFinish = false;
});

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await h?.close();
  await remote?.close();
});

describe("an A2A agent's tools as MCP tasks", () => {
  it("advertises tasks for tools/call (and taskSupport per tool) only to a client that declared them", async () => {
    const client = await mcpClient(TASKS);
    expect(client.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === "slow")?.execution).toEqual({ taskSupport: "optional" });
    const plain = await mcpClient({});
    expect(plain.getServerCapabilities()).not.toHaveProperty("tasks");
    expect((await plain.listTools()).tools.every((tool) => tool.execution === undefined)).toBe(true);
  });

  it("creates a task at once, follows the A2A task through working to completed, and answers tasks/result and tasks/list", async () => {
    const client = await mcpClient(TASKS);
    const statuses: string[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => void statuses.push(notification.params.status));
    const task = await createTask(client, "slow", "take your time");
    expect(task).toMatchObject({ taskId: expect.any(String), status: "working", ttl: 60_000, pollInterval: expect.any(Number), createdAt: expect.any(String) });
    let seen = await client.experimental.tasks.getTask(task.taskId);
    await eventually("the task reports the agent's ticks", 5_000, async () => {
      seen = await client.experimental.tasks.getTask(task.taskId);
      return seen.statusMessage?.startsWith("tick") === true;
    });
    expect(seen.status).toBe("working");
    const a2aTaskId = (seen._meta as Record<string, any>)[A2A_RESULT_META_KEY].taskId;
    expect(a2aTaskId).toEqual(expect.any(String));
    expect((await client.experimental.tasks.listTasks()).tasks).toEqual([expect.objectContaining({ taskId: task.taskId, status: "working" })]);

    const waiting = client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    remote.agent.slowMayFinish = true;
    const result = (await waiting) as ToolResult;
    expect(textOf(result)).toContain("slow: take your time");
    expect(result.structuredContent).toEqual({ slow: "take your time" });
    expect(result.isError).toBeFalsy();
    expect(result._meta).toMatchObject({ [A2A_RESULT_META_KEY]: { taskId: a2aTaskId, state: "TASK_STATE_COMPLETED" }, "io.modelcontextprotocol/related-task": { taskId: task.taskId } });
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ taskId: task.taskId, status: "completed" });
    expect((await client.experimental.tasks.listTasks()).tasks).toEqual([expect.objectContaining({ taskId: task.taskId, status: "completed" })]);
    // A finished task's result can be read again.
    expect(textOf((await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as ToolResult)).toContain("slow: take your time");
    await eventually("the status notifications reached the client", 5_000, () => statuses.includes("completed"));
  });

  it("a failed A2A task is a failed MCP task whose result is the isError result", async () => {
    const client = await mcpClient(TASKS);
    const task = await createTask(client, "fail", "x");
    const result = (await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as ToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("the fail skill always fails");
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ status: "failed", statusMessage: expect.stringContaining("TASK_STATE_FAILED") });
  });

  it("tasks/cancel cancels the agent's task", async () => {
    const client = await mcpClient(TASKS);
    const task = await createTask(client, "slow", "never mind");
    let a2aTaskId: string | undefined;
    await eventually("the A2A task is known", 5_000, async () => {
      a2aTaskId = ((await client.experimental.tasks.getTask(task.taskId))._meta as Record<string, any> | undefined)?.[A2A_RESULT_META_KEY]?.taskId;
      return a2aTaskId !== undefined;
    });
    const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled).toMatchObject({ taskId: task.taskId, status: "cancelled" });
    await eventually("the agent sees the cancel", 5_000, () => remote.agent.cancelled.includes(a2aTaskId!));
    const result = (await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as ToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("cancelled");
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ status: "cancelled" });
    // A task that has ended cannot be cancelled again (invalid params, as the spec says).
    const again = await client.experimental.tasks.cancelTask(task.taskId).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(McpError);
    expect((again as McpError).code).toBe(-32602);
  });

  it("INPUT_REQUIRED makes the task input_required and asks through an elicitation tied to the task", async () => {
    const client = await mcpClient({ ...TASKS, elicitation: {} });
    const asked: Array<Record<string, any>> = [];
    let answer: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      await answered;
      return { action: "accept", content: { name: "Ada" } };
    });
    const task = await createTask(client, "ask", "greet me");
    await eventually("the task waits for input", 5_000, async () => (await client.experimental.tasks.getTask(task.taskId)).status === "input_required");
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ statusMessage: "What is your name?" });
    expect(asked).toEqual([expect.objectContaining({ message: "What is your name?", _meta: { "io.modelcontextprotocol/related-task": { taskId: task.taskId } } })]);
    answer!();
    const result = (await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as ToolResult;
    expect(textOf(result)).toBe("hello Ada");
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ status: "completed" });
  });

  it("the SDK's callToolStream runs a tool as a task end to end", async () => {
    const client = await mcpClient(TASKS);
    await client.listTools();
    const kinds: string[] = [];
    let final: ToolResult | undefined;
    for await (const message of client.experimental.tasks.callToolStream({ name: "count", arguments: { message: "go" } }, CallToolResultSchema, { task: { ttl: 60_000 } })) {
      kinds.push(message.type);
      if (message.type === "result") final = message.result as ToolResult;
    }
    expect(kinds[0]).toBe("taskCreated");
    expect(kinds.at(-1)).toBe("result");
    expect(textOf(final!)).toBe("counted to 3");
  });

  it("the SDK's callToolStream answers an input_required task's elicitation while it waits on tasks/result", async () => {
    const client = await mcpClient({ ...TASKS, elicitation: {} });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Grace" } }));
    await client.listTools();
    let final: ToolResult | undefined;
    for await (const message of client.experimental.tasks.callToolStream({ name: "ask", arguments: { message: "greet me" } }, CallToolResultSchema, { task: { ttl: 60_000 } })) {
      if (message.type === "result") final = message.result as ToolResult;
      if (message.type === "error") throw message.error;
    }
    expect(textOf(final!)).toBe("hello Grace");
  });

  it("tasks belong to their session: another session, or an unknown id, gets invalid params", async () => {
    const client = await mcpClient(TASKS);
    const task = await createTask(client, "echo", "mine");
    await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    const other = await mcpClient(TASKS);
    for (const attempt of [other.experimental.tasks.getTask(task.taskId), other.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema), other.experimental.tasks.cancelTask(task.taskId), client.experimental.tasks.getTask("no-such-task")]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(-32602);
    }
    expect((await other.experimental.tasks.listTasks()).tasks).toEqual([]);
  });

  it("a client that did not declare tasks gets the plain result, even if it sends a task parameter", async () => {
    const client = await mcpClient({});
    const result = (await client.request({ method: "tools/call", params: { name: "echo", arguments: { message: "plain" }, task: { ttl: 1000 } } }, CallToolResultSchema)) as ToolResult;
    expect(textOf(result)).toContain("echo: plain");
    expect(result._meta).not.toHaveProperty("io.modelcontextprotocol/related-task");
    const refused = await client.request({ method: "tasks/list" } as never, CallToolResultSchema).catch((e: unknown) => e);
    expect((refused as McpError).code).toBe(-32601);
  });
});
