/**
 * The agents' API as callers use it: the tRPC router with the console's session, and the HTTP
 * route that streams a turn as Server-Sent Events with an API key — on the same real gateway,
 * node agent and case server as customer-service.test.ts.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerServiceAgent } from "../../../cases/customer-service/agent.ts";
import { getConversationRoute, runTurnRoute, startConversationRoute } from "../../../server/api/agent-routes.ts";
import { publishRuntime } from "../../../server/runtime-registry.ts";
import { appRouter } from "../../../server/trpc/root.ts";
import { consoleHeaders } from "../../../server/trpc/test-runtime.ts";
import type { TurnEvent } from "../events.ts";
import { startFakeOpenAi } from "../test-support/fake-openai.ts";
import { type AgentsHarness, startAgentsHarness } from "./agents-harness.ts";
import { rejectionOf } from "../../test-support/rejection.ts";

let h: AgentsHarness;

beforeAll(async () => {
  h = await startAgentsHarness();
  publishRuntime(h.runtime);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const caller = () => appRouter.createCaller({ runtime: h.runtime, headers: consoleHeaders() });

describe("agents over tRPC", () => {
  it("lists and gets the tenant's agents, for the console only", async () => {
    expect(await caller().agents.list()).toEqual([
      expect.objectContaining({ id: "customer-service", name: "Acme support", latestVersion: "1.0.0", versions: ["1.0.0"], deployments: ["customer-service"], model: "scripted (customer-service)" }),
    ]);
    const agent = await caller().agents.get({ id: "customer-service" });
    expect(agent.definition.budgets).toEqual({ maxSteps: 8, maxSeconds: 60, maxTokens: 40_000 });
    const anonymous = appRouter.createCaller({ runtime: h.runtime, headers: new Headers({ host: "127.0.0.1:3000" }) });
    expect((await rejectionOf(anonymous.agents.list(), TRPCError)).code).toBe("UNAUTHORIZED");
    expect((await rejectionOf(caller().agents.get({ id: "nobody" }), TRPCError)).message).toBe('your tenant has no agent "nobody"');
  });

  it("defines versions, which never change, and refuses bad definitions field by field", async () => {
    const v2 = { ...customerServiceAgent, version: "1.0.1", instructions: `${customerServiceAgent.instructions}\nBe brief.` };
    expect(await caller().agents.define(v2)).toMatchObject({ created: true, latestVersion: "1.0.1", versions: ["1.0.1", "1.0.0"] });
    expect(await caller().agents.define(v2)).toMatchObject({ created: false });
    const changed = await rejectionOf(caller().agents.define({ ...v2, instructions: "Something else." }), TRPCError);
    expect(changed.code).toBe("CONFLICT");
    expect(changed.message).toBe("version: customer-service 1.0.1 is already defined, and defined versions never change; define a new version, e.g. 1.0.2");
    const missing = await rejectionOf(caller().agents.define({ ...v2, id: "other", deployments: ["nowhere"], model: { provider: "scripted", script: "no-such" } }), TRPCError);
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toBe('deployments.0: your tenant has no deployment named "nowhere"; deploy a component under that name first');
    const invalid = await rejectionOf(caller().agents.define({ ...v2, id: "Bad Id" } as never), TRPCError);
    expect(invalid.code).toBe("BAD_REQUEST");
    const endpoint = await rejectionOf(caller().agents.define({ ...v2, id: "byo", model: { provider: "openai-compatible", endpoint: "mine", model: "gpt-4o-mini" } }), TRPCError);
    expect(endpoint.message).toBe('model.endpoint: your tenant has no model endpoint "mine"; add it first (agents.saveEndpoint)');
  });

  it("keeps a model endpoint's key sealed and never returns it", async () => {
    const saved = await caller().agents.saveEndpoint({ name: "mine", baseUrl: "http://127.0.0.1:9/v1/", apiKey: "sk-test-secret-123" });
    expect(saved).toEqual({ name: "mine", baseUrl: "http://127.0.0.1:9/v1", hasKey: true, updatedAt: expect.any(String) });
    expect(JSON.stringify(await caller().agents.endpoints())).not.toContain("sk-test-secret-123");
    const row = await h.runtime.database.prisma.modelEndpoint.findFirstOrThrow({ where: { name: "mine" } });
    expect(JSON.stringify(row)).not.toContain("sk-test-secret-123");
    expect(h.runtime.secretBox.open(row.sealedKey as never)).toBe("sk-test-secret-123");
    const bad = await rejectionOf(caller().agents.saveEndpoint({ name: "bad", baseUrl: "ftp://example.com" }), TRPCError);
    expect(bad.message).toBe("baseUrl: expected an http or https URL");
  });

  it("starts and continues conversations, and shows their turns, steps and tool calls", async () => {
    const started = await caller().agents.startConversation({ agent: "customer-service", version: "1.0.0", message: "Where is my order 1002?" });
    expect(started.outcome).toMatchObject({ status: "completed", answer: expect.stringContaining("1Z999AA10123456784") });
    expect(started.conversation).toMatchObject({ agent: "customer-service", version: "1.0.0", title: "New conversation" });
    const next = await caller().agents.continueConversation({ id: started.conversation.id, input: { message: "Thanks! What was the tracking number again?" } });
    expect(next).toMatchObject({ turn: 2, answer: "The tracking number of order 1002 is 1Z999AA10123456784 (UPS)." });
    const detail = await caller().agents.conversation({ id: started.conversation.id });
    expect(detail.conversation).toMatchObject({ title: "Where is my order 1002?", turns: 2, status: "idle" });
    expect(detail.turns.map((t) => [t.index, t.status, t.stopReason])).toEqual([
      [1, "completed", "completed"],
      [2, "completed", "completed"],
    ]);
    expect(detail.steps.map((s) => [s.turn, s.index, s.role])).toEqual([
      [1, 1, "executor"],
      [1, 2, "executor"],
      [2, 1, "executor"],
    ]);
    expect(detail.toolCalls.map((c) => [c.turn, c.name, c.status])).toEqual([[1, "lookup_order", "done"]]);
    expect((await caller().agents.conversations({ agent: "customer-service" })).map((c) => c.id)).toContain(started.conversation.id);
    expect((await rejectionOf(caller().agents.conversation({ id: "00000000-0000-4000-8000-000000000000" }), TRPCError)).code).toBe("NOT_FOUND");
  });
});

/** The events of a text/event-stream body. */
async function events(response: Response): Promise<TurnEvent[]> {
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => {
      const type = /^event: (.+)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.+)$/m.exec(block)![1]!) as TurnEvent;
      expect(data.type).toBe(type);
      return data;
    });
}

function post(path: string, body: unknown, key: string | null = h.apiKey): Request {
  return new Request(`http://127.0.0.1:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("the HTTP API", () => {
  it("streams a turn's tool calls as they happen, pauses for a confirmation, and resumes on the answer", async () => {
    const created = await startConversationRoute(post("/api/agents/conversations", { agent: "customer-service", version: "1.0.0" }));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const first = await events(await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: "My order 1003 never arrived, it's been weeks." }), params(id)));
    expect(first.map((e) => (e.type === "tool-call" || e.type === "tool-result" ? `${e.type}:${e.name}` : e.type)).filter((t) => t !== "text-delta")).toEqual([
      "turn-start",
      "step-start",
      "tool-call:lookup_order",
      "tool-result:lookup_order",
      "step-finish",
      "step-start",
      "tool-call:search_kb",
      "tool-result:search_kb",
      "step-finish",
      "step-start",
      "tool-call:create_ticket",
      "tool-result:create_ticket",
      "step-finish",
      "step-start",
      "tool-call:escalate_to_human",
      "step-finish",
      "confirmation-required",
      "turn-finish",
    ]);
    const asked = first.find((e) => e.type === "confirmation-required");
    if (asked?.type !== "confirmation-required") throw new Error("no confirmation-required event");
    expect(asked.confirmations.map((c) => [c.name, c.deployment])).toEqual([["escalate_to_human", "customer-service"]]);
    const confirmation = asked.confirmations[0];

    const busy = await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: "Hello?" }), params(id));
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: string }).error).toMatch(/^the agent is waiting for your answer to .* \(escalate_to_human\)/);

    const second = await events(await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { confirmations: [{ id: confirmation!.id, action: "accept" }] }), params(id)));
    expect(second.filter((e) => e.type === "tool-result").map((e) => e.type === "tool-result" && [e.name, e.status])).toEqual([["escalate_to_human", "done"]]);
    const finish = second.at(-1);
    expect(finish?.type === "turn-finish" && finish.outcome).toMatchObject({ turn: 1, status: "completed", answer: expect.stringMatching(/^I've handed you to a colleague \(reference H-[0-9A-F]{6}, tier-2 queue\)/) });

    const detail = await getConversationRoute(new Request(`http://127.0.0.1:3000/api/agents/conversations/${id}`, { headers: { authorization: `Bearer ${h.apiKey}` } }), params(id));
    expect(((await detail.json()) as { toolCalls: Array<{ name: string; status: string }> }).toolCalls.map((c) => `${c.name}:${c.status}`)).toEqual([
      "lookup_order:done",
      "search_kb:done",
      "create_ticket:done",
      "escalate_to_human:done",
    ]);
  });

  it("delivers each event while the turn is still running, with the tenant's own model", async () => {
    // The endpoint holds its second answer until the test has seen the tool's result arrive.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let waiting: () => void = () => {};
    const secondAsked = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const fake = await startFakeOpenAi({
      key: "sk-live-test",
      respond: async (request) => {
        if (!request.body.messages.some((m) => m.role === "tool")) return { toolCalls: [{ name: "lookup_order", arguments: '{"orderId":"1002"}' }] };
        waiting();
        await held;
        return { text: "Order 1002 is on its way with UPS." };
      },
    });
    try {
      await caller().agents.saveEndpoint({ name: "fake", baseUrl: fake.url, apiKey: "sk-live-test" });
      await caller().agents.define({ ...customerServiceAgent, id: "byo-live", model: { provider: "openai-compatible", endpoint: "fake", model: "fake-gpt" } });
      const created = await startConversationRoute(post("/api/agents/conversations", { agent: "byo-live" }));
      const { id } = (await created.json()) as { id: string };
      const response = await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: "Where is my order 1002?" }), params(id));
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (!text.includes("event: tool-result")) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended before the tool's result: ${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
      await secondAsked;
      expect(text).toContain('"name":"lookup_order","deployment":"customer-service"');
      expect(text).not.toContain("event: turn-finish");
      expect((await h.runtime.database.prisma.agentConversation.findUniqueOrThrow({ where: { id } })).status).toBe("running");
      release();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
      const last = text.trimEnd().split("\n\n").at(-1)!;
      expect(last).toMatch(/^id: \d+\nevent: turn-finish\ndata: /);
      expect(JSON.parse(last.split("data: ")[1]!)).toMatchObject({ type: "turn-finish", outcome: { status: "completed", answer: "Order 1002 is on its way with UPS." } });
    } finally {
      release();
      await fake.close();
    }
  });

  it("answers a refusal as JSON with its status, before any stream", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await runTurnRoute(post(`/api/agents/conversations/${unknown}/turns`, { message: "hi" }), params(unknown));
    expect([missing.status, await missing.json()]).toEqual([404, { error: `your tenant has no conversation ${unknown}` }]);
    const created = await startConversationRoute(post("/api/agents/conversations", { agent: "customer-service" }));
    const { id } = (await created.json()) as { id: string };
    const empty = await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: "" }), params(id));
    expect(empty.status).toBe(400);
    const noKey = await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: "hi" }, null), params(id));
    expect(noKey.status).toBe(401);
    const otherTenant = await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: "hi" }, h.gateway.tenantB.key), params(id));
    expect(otherTenant.status).toBe(404);
    const badAgent = await startConversationRoute(post("/api/agents/conversations", { agent: "nobody" }));
    expect([badAgent.status, await badAgent.json()]).toEqual([404, { error: 'your tenant has no agent "nobody"' }]);
  });
});
