/**
 * MCP → A2A: a hosted deployment of @modelcontextprotocol/server-everything, reached through a
 * real gateway by @a2a-js/sdk clients (v1.0, and v0.3 through the compat layer): the agent card,
 * tools called as tasks, streamed progress, INPUT_REQUIRED answered, cancellation, tasks kept in
 * the database across a gateway restart, and the bad input a client can act on.
 */
import { type Task, TaskState, type StreamResponse } from "@a2a-js/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MCP_TOOLS_EXTENSION } from "../agent-card.ts";
import { type GatewayHarness, addEverythingDeployment, startGatewayHarness } from "../../gateway/test/harness.ts";
import { LocalFleet } from "../../gateway/routing/local-fleet.ts";
import { wireGateway, type Cleanup } from "../../../server/start/wire-gateway.ts";
import { SecretBox } from "../../../server/crypto/secret-box.ts";
import { createLogger } from "../../../server/log/logger.ts";
import { randomBytes } from "node:crypto";
import { eventually } from "../../test-support/eventually.ts";
import { data, rawRpc, send, text, v03Client, v1Client, agentUrl, keyFetch } from "./a2a-clients.ts";

let h: GatewayHarness;

beforeAll(async () => {
  h = await startGatewayHarness();
});

afterAll(async () => {
  await h?.close();
});

function asTask(result: unknown): Task {
  if (!result || typeof result !== "object" || !("status" in result)) throw new Error(`expected a task, got ${JSON.stringify(result)}`);
  return result as Task;
}

function partTexts(task: Task): string[] {
  return task.artifacts.flatMap((artifact) => artifact.parts.flatMap((part) => (part.content?.$case === "text" ? [part.content.value] : [])));
}

function statusText(task: Task): string {
  return (task.status?.message?.parts ?? []).flatMap((part) => (part.content?.$case === "text" ? [part.content.value] : [])).join("\n");
}

describe("the agent card", () => {
  it("is served per deployment with the tenant's key: tools as skills, their schemas in an extension", async () => {
    const response = await fetch(`${agentUrl(h.url, "everything")}.well-known/agent-card.json`, { headers: { authorization: `Bearer ${h.tenantA.key}`, "a2a-version": "1.0" } });
    expect(response.status).toBe(200);
    const card = (await response.json()) as any;
    expect(card.supportedInterfaces).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: `${h.url}/a2a/everything`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }),
        expect.objectContaining({ url: `${h.url}/a2a/everything`, protocolBinding: "JSONRPC", protocolVersion: "0.3" }),
      ]),
    );
    const ids = card.skills.map((skill: { id: string }) => skill.id);
    expect(ids).toEqual(expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation", "trigger-elicitation-request"]));
    const extension = card.capabilities.extensions.find((ext: { uri: string }) => ext.uri === MCP_TOOLS_EXTENSION);
    expect(extension.params.tools.echo.inputSchema).toMatchObject({ type: "object", properties: { message: { type: "string" } }, required: ["message"] });
    expect(card.securitySchemes).toHaveProperty("switchyardApiKey");
  });

  it("is refused without a key, and for a deployment the tenant does not have", async () => {
    const anonymous = await fetch(`${agentUrl(h.url, "everything")}.well-known/agent-card.json`);
    expect(anonymous.status).toBe(401);
    // A2A's free server-error code, not -32001, which A2A clients read as "task not found".
    expect(((await anonymous.json()) as any).error).toMatchObject({ code: -32000, data: { reason: expect.any(String) } });
    const missing = await fetch(`${agentUrl(h.url, "no-such-thing")}.well-known/agent-card.json`, { headers: { authorization: `Bearer ${h.tenantA.key}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.message).toContain('no deployment named "no-such-thing"');
  });
});

describe("A2A v1.0 client", () => {
  it("calls a tool as a task: a data part of arguments, the skill in the metadata, the result as an artifact", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    expect(client.protocolVersion).toBe("1.0");
    const task = asTask(await client.sendMessage(send([data({ a: 2, b: 40 })], { skillId: "get-sum" })));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partTexts(task).join(" ")).toContain("42");
    expect(task.metadata).toMatchObject({ skillId: "get-sum", tool: "get-sum" });
  });

  it("sends a text-only message to the tool's one string argument", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const task = asTask(await client.sendMessage(send([text("hello a2a")], { skillId: "echo" })));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partTexts(task)).toEqual(["Echo: hello a2a"]);
  });

  it("renders structured results as a data part and images as raw parts", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const structured = asTask(await client.sendMessage(send([data({ location: "Chicago" })], { skillId: "get-structured-content" })));
    const dataParts = structured.artifacts[0]!.parts.filter((part) => part.content?.$case === "data");
    expect(dataParts).toHaveLength(1);
    expect(dataParts[0]!.content?.value).toMatchObject({ temperature: expect.any(Number), conditions: expect.any(String) });
    const image = asTask(await client.sendMessage(send([data({})], { skillId: "get-tiny-image" })));
    const raw = image.artifacts[0]!.parts.find((part) => part.content?.$case === "raw");
    expect(raw?.mediaType).toBe("image/png");
    expect(Buffer.from(raw!.content!.value as Uint8Array).subarray(1, 4).toString()).toBe("PNG");
  });

  it("streams a long call: SUBMITTED, WORKING, a status update per progress notification, then COMPLETED", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream(send([data({ duration: 0.3, steps: 3 })], { skillId: "trigger-long-running-operation" }))) events.push(event);
    const kinds = events.map((event) => event.payload?.$case);
    expect(kinds[0]).toBe("task");
    const updates = events.flatMap((event) => (event.payload?.$case === "statusUpdate" ? [event.payload.value] : []));
    const progress = updates.filter((update) => update.metadata?.progress !== undefined).map((update) => update.metadata!.progress);
    expect(progress).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
    expect(updates.at(-1)?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(kinds).toContain("artifactUpdate");
  });

  it("asks for input when the tool elicits (INPUT_REQUIRED), and the next message on the task answers", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const asked = asTask(await client.sendMessage(send([data({})], { skillId: "trigger-elicitation-request" })));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(statusText(asked)).toContain("Please provide inputs");
    const question = asked.status?.message?.parts.find((part) => part.content?.$case === "data")?.content?.value as any;
    expect(question.requestedSchema.required).toEqual(["name"]);

    // An answer that does not fit the requested schema keeps the task waiting, saying why.
    const wrong = asTask(await client.sendMessage(send([data({ check: true })], { taskId: asked.id, contextId: asked.contextId })));
    expect(wrong.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(statusText(wrong)).toContain("name: is required");

    const done = asTask(await client.sendMessage(send([data({ name: "Ada Lovelace", check: true })], { taskId: asked.id, contextId: asked.contextId })));
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partTexts(done).join("\n")).toContain("Name: Ada Lovelace");
  });

  it("cancels a running task: CANCELED for the canceller and the stream, the MCP call cancelled upstream", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const stream = client.sendMessageStream(send([data({ duration: 60, steps: 60 })], { skillId: "trigger-long-running-operation" }));
    const first = await stream.next();
    const taskId = first.value?.payload?.$case === "task" ? first.value.payload.value.id : "";
    expect(taskId).not.toBe("");
    const inFlight = () => h.agent.processes().reduce((sum, process) => sum + process.inFlight, 0);
    await eventually("the tool call is in flight on the server", 10_000, () => inFlight() === 1);
    const canceled = await client.cancelTask({ tenant: "", id: taskId, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const rest: StreamResponse[] = [];
    for await (const event of stream) rest.push(event);
    const last = rest.flatMap((event) => (event.payload?.$case === "statusUpdate" ? [event.payload.value.status?.state] : [])).at(-1);
    expect(last).toBe(TaskState.TASK_STATE_CANCELED);
    // notifications/cancelled reached the server: its process has no call in flight.
    await eventually("the server's call is cancelled", 10_000, () => inFlight() === 0);
    expect((await client.getTask({ tenant: "", id: taskId, historyLength: 0 })).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await expect(client.cancelTask({ tenant: "", id: taskId, metadata: undefined })).resolves.toMatchObject({ status: { state: TaskState.TASK_STATE_CANCELED } });
  });

  it("cancels a task waiting for input, and a message on it afterwards is refused", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const asked = asTask(await client.sendMessage(send([data({})], { skillId: "trigger-elicitation-request" })));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const canceled = await client.cancelTask({ tenant: "", id: asked.id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await eventually("the elicitation's call is cancelled on the server", 10_000, () => h.agent.processes().every((process) => process.inFlight === 0));
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, { jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "late", role: "ROLE_USER", taskId: asked.id, parts: [{ data: { name: "x" } }] } } }, { "a2a-version": "1.0" });
    expect(json.error.code).toBe(-32004);
    expect(json.error.message).toContain("terminal state");
  });

  it("returns at once when asked to, and SubscribeToTask follows the task to its end", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const submitted = asTask(await client.sendMessage(send([data({ duration: 2, steps: 2 })], { skillId: "trigger-long-running-operation", returnImmediately: true })));
    expect([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]).toContain(submitted.status?.state);
    const states: Array<TaskState | undefined> = [];
    for await (const event of client.resubscribeTask({ tenant: "", id: submitted.id })) {
      if (event.payload?.$case === "statusUpdate") states.push(event.payload.value.status?.state);
    }
    expect(states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    // The stream's last event can reach the client just before the task store has written it.
    await eventually("the stored task is completed too", 5_000, async () => (await client.getTask({ tenant: "", id: submitted.id, historyLength: 0 })).status?.state === TaskState.TASK_STATE_COMPLETED);
  });

  it("rejects arguments that fail the tool's schema (REJECTED, naming the field)", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const task = asTask(await client.sendMessage(send([data({ a: "two" })], { skillId: "get-sum" })));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
    expect(statusText(task)).toContain("a: must be number");
    expect(statusText(task)).toContain("b: is required");
  });

  it("lists and gets tasks, and keeps them across a gateway restart", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const task = asTask(await client.sendMessage(send([text("kept")], { skillId: "echo" })));
    const listed = await client.listTasks({ tenant: "", contextId: task.contextId, status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 10, pageToken: "", statusTimestampAfter: undefined, includeArtifacts: true });
    expect(listed.tasks.map((t) => t.id)).toEqual([task.id]);
    expect(partTexts(listed.tasks[0]!)).toEqual(["Echo: kept"]);

    // A second gateway on the same database, with nothing in memory: the task is there.
    const cleanups: Cleanup[] = [];
    try {
      const second = await wireGateway({ database: h.database, engine: h.engine, secretBox: new SecretBox(randomBytes(32)), log: createLogger("silent"), fleet: new LocalFleet(h.agent), fleetHealth: () => ({}), allowedOrigins: [] }, cleanups);
      await new Promise<void>((resolve) => second.server.listen(0, "127.0.0.1", resolve));
      const port = (second.server.address() as { port: number }).port;
      const restarted = await v1Client(`http://127.0.0.1:${port}`, "everything", h.tenantA.key);
      const again = await restarted.getTask({ tenant: "", id: task.id, historyLength: undefined });
      expect(again.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(partTexts(again)).toEqual(["Echo: kept"]);
      expect(again.history.length).toBeGreaterThan(0);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  });

  it("pages through ListTasks with nextPageToken", async () => {
    const client = await v1Client(h.url, "everything", h.tenantA.key);
    const contextId = (asTask(await client.sendMessage(send([text("one")], { skillId: "echo" })))).contextId;
    for (const word of ["two", "three"]) await client.sendMessage(send([text(word)], { skillId: "echo", contextId }));
    const query = { tenant: "", contextId, status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 2, statusTimestampAfter: undefined, includeArtifacts: true };
    const first = await client.listTasks({ ...query, pageToken: "" });
    expect(first.tasks).toHaveLength(2);
    expect(first.totalSize).toBe(3);
    expect(first.nextPageToken).not.toBe("");
    const second = await client.listTasks({ ...query, pageToken: first.nextPageToken });
    expect(second.tasks).toHaveLength(1);
    expect(second.nextPageToken).toBe("");
    expect(new Set([...first.tasks, ...second.tasks].flatMap(partTexts))).toEqual(new Set(["Echo: one", "Echo: two", "Echo: three"]));
  });
});

describe("A2A v0.3 client (the SDK's compat layer)", () => {
  it("discovers the card, calls a tool and gets the task back", async () => {
    const client = await v03Client(h.url, "everything", h.tenantA.key);
    expect(client.protocolVersion).toBe("0.3");
    const task = asTask(await client.sendMessage(send([text("from v0.3")], { skillId: "echo" })));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partTexts(task)).toEqual(["Echo: from v0.3"]);
    const again = await client.getTask({ tenant: "", id: task.id, historyLength: undefined });
    expect(again.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it("streams progress and answers INPUT_REQUIRED", async () => {
    const client = await v03Client(h.url, "everything", h.tenantA.key);
    const states: TaskState[] = [];
    for await (const event of client.sendMessageStream(send([data({ duration: 0.2, steps: 2 })], { skillId: "trigger-long-running-operation" }))) {
      if (event.payload?.$case === "statusUpdate") states.push(event.payload.value.status!.state);
    }
    expect(states.filter((state) => state === TaskState.TASK_STATE_WORKING).length).toBeGreaterThanOrEqual(3);
    expect(states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);

    const asked = asTask(await client.sendMessage(send([data({})], { skillId: "trigger-elicitation-request" })));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const done = asTask(await client.sendMessage(send([data({ name: "Grace" })], { taskId: asked.id, contextId: asked.contextId })));
    expect(partTexts(done).join("\n")).toContain("Name: Grace");
  });

  it("a raw v0.3 request without an A2A-Version header is answered in v0.3 shapes", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, {
      jsonrpc: "2.0",
      id: 7,
      method: "message/send",
      params: { message: { kind: "message", messageId: "m-raw", role: "user", parts: [{ kind: "text", text: "raw" }], metadata: { skillId: "echo" } } },
    });
    expect(json.id).toBe(7);
    expect(json.result).toMatchObject({ kind: "task", status: { state: "completed" } });
    expect(json.result.artifacts[0].parts[0]).toEqual({ kind: "text", text: "Echo: raw" });
  });
});

describe("the deployment's adaptation rules", () => {
  it("rename and hide skills, set the default skill, map message fields to arguments and render results as data", async () => {
    await addEverythingDeployment(h.db, h.tenantA.id, "ruled", {});
    const deployment = await h.db.deployment.findFirstOrThrow({ where: { tenantId: h.tenantA.id, name: "ruled" } });
    const rules = { entries: { echo: { rename: "say" }, "get-env": { hidden: true }, "get-sum": { arguments: { a: "numbers.first", b: "numbers.second" }, rendering: "data" } }, defaultSkill: "say" };
    await h.db.a2aRuleSet.create({ data: { deploymentId: deployment.id, tenantId: h.tenantA.id, rules, updatedBy: "test" } });
    const client = await v1Client(h.url, "ruled", h.tenantA.key);
    const card = await client.getAgentCard();
    const ids = card.skills.map((skill) => skill.id);
    expect(ids).toContain("say");
    expect(ids).not.toContain("echo");
    expect(ids).not.toContain("get-env");

    const said = asTask(await client.sendMessage(send([text("no skill named")])));
    expect(partTexts(said)).toEqual(["Echo: no skill named"]);
    const sum = asTask(await client.sendMessage(send([data({ numbers: { first: 20, second: 22 } })], { skillId: "get-sum" })));
    expect(sum.artifacts[0]!.parts.map((part) => part.content?.$case)).toEqual(["data"]);
    expect(JSON.stringify(sum.artifacts[0]!.parts[0]!.content?.value)).toContain("42");
    const { json } = await rawRpc(h.url, "ruled", h.tenantA.key, { jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "x" }], metadata: { skillId: "get-env" } } } }, { "a2a-version": "1.0" });
    expect(json.error.code).toBe(-32602);
  });
});

describe("bad input", () => {
  const sendMessage = (params: Record<string, unknown>) => ({ jsonrpc: "2.0", id: 1, method: "SendMessage", params });
  const v1 = { "a2a-version": "1.0" };

  it("malformed JSON is a parse error (-32700)", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, "{ not json", v1);
    expect(json.error.code).toBe(-32700);
  });

  it("a malformed envelope is an invalid request (-32600) naming the field", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, { jsonrpc: "1.0", id: 2, method: "GetTask" }, v1);
    expect(json.error.code).toBe(-32600);
    expect(json.error.message).toContain("jsonrpc");
    const batch = await rawRpc(h.url, "everything", h.tenantA.key, [{ jsonrpc: "2.0", id: 3, method: "GetTask" }], v1);
    expect(batch.json.error.code).toBe(-32600);
  });

  it("an unknown method is method-not-found (-32601), listing the methods", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, { jsonrpc: "2.0", id: 4, method: "DoTheThing", params: {} }, v1);
    expect(json.error.code).toBe(-32601);
    expect(json.error.message).toContain("SendMessage");
    const legacyName = await rawRpc(h.url, "everything", h.tenantA.key, { jsonrpc: "2.0", id: 5, method: "message/send", params: {} }, v1);
    expect(legacyName.json.error.message).toContain("A2A-Version: 0.3");
  });

  it("an unknown task id is task-not-found (-32001)", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, { jsonrpc: "2.0", id: 6, method: "GetTask", params: { id: "00000000-0000-4000-8000-000000000000" } }, v1);
    expect(json.error.code).toBe(-32001);
  });

  it("a message naming a skill the agent does not have is invalid params (-32602), listing its skills; no task is made", async () => {
    const before = await h.db.a2aTask.count();
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, sendMessage({ message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }], metadata: { skillId: "teleport" } } }), v1);
    expect(json.error.code).toBe(-32602);
    expect(json.error.message).toContain('unknown skill "teleport"');
    expect(json.error.message).toContain("echo");
    expect(await h.db.a2aTask.count()).toBe(before);
  });

  it("a message naming no skill, to an agent with many, says how to name one", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, sendMessage({ message: { messageId: "m2", role: "ROLE_USER", parts: [{ text: "hi" }] } }), v1);
    expect(json.error.code).toBe(-32602);
    expect(json.error.message).toContain('metadata key "skillId"');
  });

  it("another tenant's task is not found, for reading and for cancelling", async () => {
    const a = await v1Client(h.url, "everything", h.tenantA.key);
    const task = asTask(await a.sendMessage(send([text("mine")], { skillId: "echo" })));
    for (const method of ["GetTask", "CancelTask", "SubscribeToTask"]) {
      const { json } = await rawRpc(h.url, "everything", h.tenantB.key, { jsonrpc: "2.0", id: 8, method, params: { id: task.id } }, v1);
      expect(json.error?.code, method).toBe(-32001);
    }
    const b = await v1Client(h.url, "everything", h.tenantB.key);
    const listed = await b.listTasks({ tenant: "", contextId: task.contextId, status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 10, pageToken: "", statusTimestampAfter: undefined, includeArtifacts: false });
    expect(listed.tasks).toEqual([]);
    // Nor can B continue A's task by naming it in a message.
    const { json } = await rawRpc(h.url, "everything", h.tenantB.key, sendMessage({ message: { messageId: "m3", role: "ROLE_USER", taskId: task.id, parts: [{ text: "x" }] } }), v1);
    expect(json.error.code).toBe(-32001);
  });

  it("an unsupported A2A-Version is version-not-supported (-32009)", async () => {
    const { json } = await rawRpc(h.url, "everything", h.tenantA.key, { jsonrpc: "2.0", id: 9, method: "GetTask", params: { id: "x" } }, { "a2a-version": "2.0" });
    expect(json.error.code).toBe(-32009);
  });

  it("push notifications are refused as not supported (-32003), so the gateway never calls out to a client's URL", async () => {
    const fetchImpl = keyFetch(h.tenantA.key);
    const response = await fetchImpl(`${h.url}/a2a/everything`, {
      method: "POST",
      headers: { "content-type": "application/json", "a2a-version": "1.0" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 10, method: "CreateTaskPushNotificationConfig", params: { taskId: "x", url: "http://127.0.0.1:1/hook" } }),
    });
    expect(((await response.json()) as any).error.code).toBe(-32003);
  });
});
