/**
 * Stored agents as A2A agents: the customer-service case's agent (scripted model, its case server
 * deployed for tenant A) served at /a2a/agents/customer-service by a real gateway, reached by the
 * @a2a-js/sdk client over loopback — the card, a turn per message, streaming, follow-ups in the
 * same context, a destructive tool confirmed through INPUT_REQUIRED (also after a gateway
 * restart), and the refusals a client can act on.
 */
import { randomBytes } from "node:crypto";
import { type StreamResponse, type Task, TaskState } from "@a2a-js/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerServiceAgent } from "../../../cases/customer-service/agent.ts";
import { hostedAgents } from "../../../server/a2a/hosted-agents.ts";
import { defineAgent } from "../../../server/agents/agents-service.ts";
import { SecretBox } from "../../../server/crypto/secret-box.ts";
import { createKey } from "../../../server/keys/keys-service.ts";
import { createLogger } from "../../../server/log/logger.ts";
import { type Cleanup, wireGateway } from "../../../server/start/wire-gateway.ts";
import { type AgentsHarness, startAgentsHarness } from "../../agents/test/agents-harness.ts";
import { LocalFleet } from "../../gateway/routing/local-fleet.ts";
import { data, rawRpc, send, text, v1Client } from "./a2a-clients.ts";

const AGENT = "agents/customer-service";
let h: AgentsHarness;
const cleanups: Cleanup[] = [];

/** A gateway serving the tenants' agents over A2A, on the harness's database; each one starts with nothing in memory. */
async function agentGateway(): Promise<{ url: string; close: () => Promise<void> }> {
  const own: Cleanup[] = [];
  const gateway = await wireGateway(
    { database: h.gateway.database, engine: h.gateway.engine, secretBox: new SecretBox(randomBytes(32)), log: createLogger("silent"), fleet: new LocalFleet(h.gateway.agent), fleetHealth: () => ({}), allowedOrigins: [], agents: hostedAgents(h.runtime) },
    own,
  );
  await new Promise<void>((resolve) => gateway.server.listen(0, "127.0.0.1", resolve));
  const close = async () => {
    for (const cleanup of own.splice(0).reverse()) await cleanup();
  };
  cleanups.push(close);
  return { url: `http://127.0.0.1:${(gateway.server.address() as { port: number }).port}`, close };
}

let gw: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  h = await startAgentsHarness();
  gw = await agentGateway();
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await h?.close();
});

function asTask(result: unknown): Task {
  if (!result || typeof result !== "object" || !("status" in result)) throw new Error(`expected a task, got ${JSON.stringify(result)}`);
  return result as Task;
}

function answerOf(task: Task): string {
  return task.artifacts.flatMap((a) => a.parts.flatMap((part) => (part.content?.$case === "text" ? [part.content.value] : []))).join("\n");
}

function statusParts(task: Task) {
  return task.status?.message?.parts ?? [];
}

async function turnsOf(contextId: string): Promise<number> {
  const context = await h.gateway.db.a2aAgentContext.findFirstOrThrow({ where: { contextId } });
  return (await h.gateway.db.agentConversation.findUniqueOrThrow({ where: { id: context.conversationId } })).turns;
}

describe("the agent card", () => {
  it("describes the stored agent: name and description, one conversation skill, streaming, the tenant's key as bearer", async () => {
    const response = await fetch(`${gw.url}/a2a/agents/customer-service/.well-known/agent-card.json`, { headers: { authorization: `Bearer ${h.apiKey}`, "a2a-version": "1.0" } });
    expect(response.status).toBe(200);
    const card = (await response.json()) as any;
    expect(card.name).toBe("Acme support");
    expect(card.description).toBe(customerServiceAgent.description);
    expect(card.version).toBe("1.0.0");
    expect(card.capabilities.streaming).toBe(true);
    expect(card.skills.map((s: { id: string }) => s.id)).toEqual(["conversation"]);
    expect(card.supportedInterfaces[0]).toMatchObject({ url: `${gw.url}/a2a/agents/customer-service`, protocolBinding: "JSONRPC", protocolVersion: "1.0" });
    expect(card.securitySchemes.switchyardApiKey.httpAuthSecurityScheme).toMatchObject({ scheme: "Bearer" });
  });

  it("needs a key, and is not found with another tenant's key or for an unknown agent", async () => {
    const cardUrl = (agent: string) => `${gw.url}/a2a/agents/${agent}/.well-known/agent-card.json`;
    expect((await fetch(cardUrl("customer-service"))).status).toBe(401);
    const other = await fetch(cardUrl("customer-service"), { headers: { authorization: `Bearer ${h.gateway.tenantB.key}` } });
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).error.message).toBe('your tenant has no agent "customer-service"');
    expect((await fetch(cardUrl("nobody"), { headers: { authorization: `Bearer ${h.apiKey}` } })).status).toBe(404);
    const scoped = await createKey({ db: h.gateway.db, tenantId: h.tenantId, name: "deployment only", scopes: ["customer-service"], actor: "test" });
    const refused = await fetch(cardUrl("customer-service"), { headers: { authorization: `Bearer ${scoped.key}` } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.message).toBe('the API key is scoped to some deployments; calling agent "customer-service" needs a key of its tenant with the "*" scope');
  });
});

describe("talking to the agent with the @a2a-js/sdk client", () => {
  it("runs a turn per message and continues the conversation of the same context", async () => {
    const client = await v1Client(gw.url, AGENT, h.apiKey);
    const first = asTask(await client.sendMessage(send([text("Where is my order 1002?")])));
    expect(first.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(first)).toContain("1Z999AA10123456784");
    const next = asTask(await client.sendMessage(send([text("Thanks! What was the tracking number again?")], { contextId: first.contextId })));
    expect(next.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(next.id).not.toBe(first.id);
    expect(answerOf(next)).toBe("The tracking number of order 1002 is 1Z999AA10123456784 (UPS).");
    expect(await turnsOf(first.contextId)).toBe(2);
  });

  it("streams a turn: the task, WORKING with each tool call, the answer as an artifact, COMPLETED", async () => {
    const client = await v1Client(gw.url, AGENT, h.apiKey);
    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream(send([text("What is your return policy?")]))) events.push(event);
    expect(events[0]?.payload?.$case).toBe("task");
    const updates = events.flatMap((e) => (e.payload?.$case === "statusUpdate" ? [e.payload.value] : []));
    const said = updates.flatMap((u) => (u.status?.message?.parts ?? []).flatMap((p) => (p.content?.$case === "text" ? [p.content.value] : [])));
    expect(said).toContain("calling search_kb");
    const artifact = events.find((e) => e.payload?.$case === "artifactUpdate");
    expect(JSON.stringify(artifact)).toContain("within 30 days");
    expect(updates.at(-1)?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it("asks before a destructive tool (INPUT_REQUIRED), and a follow-up on the task answers it", async () => {
    const client = await v1Client(gw.url, AGENT, h.apiKey);
    const asked = asTask(await client.sendMessage(send([text("My keyboard from order 1001 arrived damaged. Can I get my money back?")])));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const pending = statusParts(asked).find((p) => p.content?.$case === "data")?.content?.value as { confirmations: Array<{ name: string; args: unknown }> };
    expect(pending.confirmations).toEqual([expect.objectContaining({ name: "issue_refund", args: expect.objectContaining({ orderId: "1001", amount: 89 }) })]);

    const wrong = await rawRpc(gw.url, AGENT, h.apiKey, { jsonrpc: "2.0", id: 7, method: "SendMessage", params: { message: { messageId: "m-wrong", role: "ROLE_USER", taskId: asked.id, contextId: asked.contextId, parts: [{ text: "maybe" }] } } }, { "a2a-version": "1.0" });
    expect(wrong.json.error.message).toContain("params.message.parts: the agent waits for your answer to running issue_refund");

    const done = asTask(await client.sendMessage(send([text("accept")], { taskId: asked.id, contextId: asked.contextId })));
    expect(done.id).toBe(asked.id);
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(done)).toMatch(/refund R-[0-9A-F]{6} of 89 EUR is approved/);
  });

  it("keeps the context and the waiting task across a gateway restart: another gateway takes the answer", async () => {
    const client = await v1Client(gw.url, AGENT, h.apiKey);
    const asked = asTask(await client.sendMessage(send([text("Order 1001 came broken, I want a refund.")])));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    await gw.close();
    gw = await agentGateway();
    const restarted = await v1Client(gw.url, AGENT, h.apiKey);
    const declined = asTask(await restarted.sendMessage(send([data({ action: "decline", reason: "changed my mind" })], { taskId: asked.id, contextId: asked.contextId })));
    expect(declined.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(declined)).toContain("have not made any refund");
    expect(await turnsOf(asked.contextId)).toBe(1);
  });

  it("cancels a task waiting for confirmation, and its context takes new messages afterwards", async () => {
    const client = await v1Client(gw.url, AGENT, h.apiKey);
    const asked = asTask(await client.sendMessage(send([text("Order 1001 came broken, I want a refund.")])));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const cancelled = await client.cancelTask({ tenant: "", id: asked.id, metadata: undefined });
    expect(cancelled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const calls = await h.gateway.db.agentToolCall.findMany({ where: { conversation: { id: (await h.gateway.db.a2aAgentContext.findFirstOrThrow({ where: { contextId: asked.contextId } })).conversationId } } });
    expect(calls.filter((c) => c.name === "issue_refund").map((c) => c.status)).toEqual(["declined"]);
    const next = asTask(await client.sendMessage(send([text("Where is my order 1002?")], { contextId: asked.contextId })));
    expect(next.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(next)).toContain("1Z999AA10123456784");
  });

  it("ends a turn that stops early as FAILED, with the stop reason and why", async () => {
    await defineAgent({ db: h.gateway.db, tenantId: h.tenantId, actor: "test", definition: { ...customerServiceAgent, id: "one-step", budgets: { ...customerServiceAgent.budgets, maxSteps: 1 } } });
    const client = await v1Client(gw.url, "agents/one-step", h.apiKey);
    const task = asTask(await client.sendMessage(send([text("Where is my order 1002?")])));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    const reason = statusParts(task).flatMap((p) => (p.content?.$case === "text" ? [p.content.value] : [])).join(" ");
    expect(reason).toMatch(/^the turn stopped \(step_budget\): /);
    expect(task.artifacts).toEqual([]);
  });

  it("refuses a bad message with a JSON-RPC error naming the field, and another tenant's key with 404", async () => {
    const noText = await rawRpc(gw.url, AGENT, h.apiKey, { jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ data: { hello: 1 } }] } } }, { "a2a-version": "1.0" });
    expect(noText.json.error.message).toContain("params.message.parts: expected a text part");
    const noMessage = await rawRpc(gw.url, AGENT, h.apiKey, { jsonrpc: "2.0", id: 2, method: "SendMessage", params: {} }, { "a2a-version": "1.0" });
    expect(noMessage.json.error.message).toContain("message");
    const other = await rawRpc(gw.url, AGENT, h.gateway.tenantB.key, { jsonrpc: "2.0", id: 3, method: "SendMessage", params: { message: { messageId: "m3", role: "ROLE_USER", parts: [{ text: "hi" }] } } });
    expect(other.status).toBe(404);
    expect(other.json.error).toMatchObject({ code: -32000, message: 'your tenant has no agent "customer-service"' });
  });
});
