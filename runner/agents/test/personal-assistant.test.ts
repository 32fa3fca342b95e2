/**
 * The personal-assistant case end to end: its scripted agent, run by the product's agent runtime,
 * calls the case's real stdio MCP server through a real gateway; every change the server makes is
 * first asked of the user with an MCP elicitation, which travels back through the gateway to the
 * runtime, reaches whoever watches the turn, and waits for the answer (or declines on time out).
 *
 * Golden transcripts: cases/personal-assistant/golden/<eval case>.json. After a deliberate change
 * of the script or the server, rewrite them with UPDATE_GOLDEN=1 and review the diff.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONAL_ASSISTANT_DEPLOYMENT, personalAssistantAgent } from "../../../cases/personal-assistant/agent.ts";
import { personalAssistantCase } from "../../../cases/personal-assistant/index.ts";
import { personalAssistantManifest } from "../../../cases/personal-assistant/manifest.ts";
import { agentGatewayKey } from "../../../server/agents/agent-keys.ts";
import { productModels } from "../../../server/agents/agent-models.ts";
import { defineAgent, getAgent } from "../../../server/agents/agents-service.ts";
import { runConversationTurn, startConversation } from "../../../server/agents/conversations-service.ts";
import { answerElicitation } from "../../../server/agents/elicitation-answers.ts";
import { saveModelEndpoint } from "../../../server/agents/model-endpoints.ts";
import { PrismaConversationStore } from "../../../server/agents/prisma-conversation-store.ts";
import { startScenarioRun } from "../../../server/cases/cases-service.ts";
import { answerElicitationRoute, runTurnRoute, startConversationRoute } from "../../../server/api/agent-routes.ts";
import type { AppError } from "../../../server/errors.ts";
import { publishRuntime } from "../../../server/runtime-registry.ts";
import { parseSse } from "../../../server/cases/live-transcript.ts";
import { publishVersion } from "../../../server/registry/publish.ts";
import { REPO_ROOT } from "../../gateway/test/harness.ts";
import { AgentRuntime } from "../agent-runtime.ts";
import type { PendingElicitation } from "../elicitations.ts";
import { readTranscript } from "../evals/transcript.ts";
import type { TurnEvent } from "../events.ts";
import { GatewayTools } from "../gateway-tools.ts";
import { startFakeOpenAi } from "../test-support/fake-openai.ts";
import { type AgentsHarness, startAgentsHarness } from "./agents-harness.ts";
import { goldenAndEvalTests } from "./case-suite.ts";

const MOVE = "Please move my dentist appointment to Thursday afternoon.";

let h: AgentsHarness;

beforeAll(async () => {
  h = await startAgentsHarness();
  publishRuntime(h.runtime);
  const db = h.runtime.database.prisma;
  // Published by the catalog tenant that owns the io.switchyard namespace (the harness published customer-service as it).
  const catalog = await db.component.findFirstOrThrow({ where: { name: { startsWith: "io.switchyard/" } }, select: { ownerId: true } });
  const manifest = personalAssistantManifest(REPO_ROOT);
  await publishVersion({ db, prober: h.gateway.agent, mode: "local" }, { tenantId: catalog.ownerId, actor: "system", document: manifest, verified: true });
  const version = await db.componentVersion.findFirstOrThrow({ where: { component: { name: manifest.name } }, select: { id: true } });
  await db.deployment.create({ data: { tenantId: h.tenantId, name: PERSONAL_ASSISTANT_DEPLOYMENT, componentVersionId: version.id } });
  await defineAgent({ db, tenantId: h.tenantId, actor: "test", definition: personalAssistantAgent });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the personal-assistant case", () => {
  goldenAndEvalTests(personalAssistantCase, () => h, 2);

  it("asks the user through the page's channel while the turn runs, and records question and answer", { timeout: 60_000 }, async () => {
    const conversation = await startConversation(h.runtime, { tenantId: h.tenantId, agent: personalAssistantAgent.id });
    const events: TurnEvent[] = [];
    const answered: Array<Promise<unknown>> = [];
    const outcome = await runConversationTurn(h.runtime, {
      tenantId: h.tenantId,
      conversationId: conversation.id,
      input: { message: MOVE },
      onEvent: (event) => {
        events.push(event);
        if (event.type !== "elicitation-required") return;
        const answer = (content: Record<string, string | number | boolean>) =>
          answerElicitation(h.runtime, { tenantId: h.tenantId, conversationId: conversation.id, elicitationId: event.elicitation.id, answer: { action: "accept", content } });
        // A bad edit is refused with the field named, and the question still waits; then the user moves it to 15:00.
        answered.push(
          answer({ confirm: true, start: 1500 })
            .then(
              () => "accepted a bad answer",
              (error: AppError) => error.message,
            )
            .then(async (refusal) => [refusal, await answer({ confirm: true, start: "2025-06-05T15:00" })]),
        );
      },
    });
    const [refusal] = (await Promise.all(answered))[0] as [string];
    expect(refusal).toBe("content.start: must be string");
    expect(outcome).toMatchObject({ status: "completed", answer: "Done: Dentist is now on Thursday 2025-06-05T15:00–2025-06-05T16:00 (it was on 2025-06-03T14:00)." });
    const question = events.find((e): e is Extract<TurnEvent, { type: "elicitation-required" }> => e.type === "elicitation-required")!.elicitation;
    expect(question).toMatchObject<Partial<PendingElicitation>>({ name: "move_event", tool: "move_event", deployment: PERSONAL_ASSISTANT_DEPLOYMENT, message: 'Move "Dentist" from 2025-06-03T14:00 to 2025-06-05T13:00?' });
    expect(events.map((e) => e.type)).toContain("elicitation-answered");
    const call = (await new PrismaConversationStore(h.runtime.database.prisma).toolCalls(conversation.id)).find((c) => c.name === "move_event")!;
    expect(call).toMatchObject({ status: "done", confirmation: { id: question.id, via: "elicitation", action: "accept", content: { confirm: true, start: "2025-06-05T15:00" } } });
    await expect(answerElicitation(h.runtime, { tenantId: h.tenantId, conversationId: conversation.id, elicitationId: question.id, answer: { action: "decline" } })).rejects.toThrow(
      `question ${question.id} was already answered (accept)`,
    );
    // The runtime did not ask a confirmation of its own: the server's question was the one.
    expect(events.some((e) => e.type === "confirmation-required")).toBe(false);
  });

  it("declines for a user who never answers, so nothing changes, and says so in the transcript", { timeout: 60_000 }, async () => {
    const db = h.runtime.database.prisma;
    const { definition } = await getAgent({ db, tenantId: h.tenantId, id: personalAssistantAgent.id });
    const key = await agentGatewayKey(h.runtime, { tenantId: h.tenantId, agentId: definition.id, deployments: definition.deployments });
    const store = new PrismaConversationStore(db);
    const runtime = new AgentRuntime({
      store,
      models: productModels(h.runtime),
      tools: async () => new GatewayTools({ gatewayUrl: h.gateway.url, apiKey: key, clientName: "agent:personal-assistant" }),
      elicitations: { timeoutMs: 1_500 },
    });
    const conversation = await startConversation(h.runtime, { tenantId: h.tenantId, agent: definition.id });
    const outcome = await runtime.runTurn({ conversationId: conversation.id, definition, input: { message: MOVE } });
    expect(outcome).toMatchObject({ status: "completed", answer: 'I left your calendar as it was. Nothing was changed: the user declined, so "Dentist" stays on 2025-06-03T14:00.' });
    const moved = (await readTranscript(store, conversation.id)).turns[0]!.steps.flatMap((s) => s.toolCalls).find((c) => c.name === "move_event")!;
    expect(moved).toMatchObject({ status: "declined", confirmation: "decline", elicitation: { reason: "no answer within 2 s; declined so that nothing changes", content: null } });
  });

  it("runs a scenario on the tenant's own model endpoint when asked, the server's question included", { timeout: 60_000 }, async () => {
    const key = "sk-fake-personal-assistant";
    const fake = await startFakeOpenAi({
      key,
      respond: (request) =>
        request.body.messages.some((m) => m.role === "tool")
          ? { text: "Moved: the dentist is now on Thursday at 13:00." }
          : { toolCalls: [{ name: "move_event", arguments: JSON.stringify({ eventId: "EV-102", start: "2025-06-05T13:00" }) }] },
    });
    try {
      await saveModelEndpoint(h.runtime, { tenantId: h.tenantId, actor: "test", name: "my-fake", baseUrl: fake.url, apiKey: key });
      await expect(startScenarioRun(h.runtime, { tenantId: h.tenantId, caseId: "personal-assistant", scenarioId: "move-dentist", model: { endpoint: "nope", model: "x" } })).rejects.toThrow(
        /^model.endpoint: your tenant has no model endpoint "nope"; it has .*my-fake/,
      );
      const run = await startScenarioRun(h.runtime, { tenantId: h.tenantId, caseId: "personal-assistant", scenarioId: "move-dentist", model: { endpoint: "my-fake", model: "fake-gpt" } });
      const outcome = await runConversationTurn(h.runtime, {
        tenantId: h.tenantId,
        conversationId: run.conversationId,
        input: { message: MOVE },
        onEvent: (event) => {
          if (event.type === "elicitation-required") {
            void answerElicitation(h.runtime, { tenantId: h.tenantId, conversationId: run.conversationId, elicitationId: event.elicitation.id, answer: { action: "accept", content: { confirm: true, start: "2025-06-05T13:00" } } });
          }
        },
      });
      expect(outcome).toMatchObject({ status: "completed", answer: "Moved: the dentist is now on Thursday at 13:00." });
      expect(fake.requests.map((r) => r.body.model)).toEqual(["fake-gpt", "fake-gpt"]);
      expect(fake.requests[0]!.body.tools?.map((t) => t.function.name)).toContain("move_event");
      const store = new PrismaConversationStore(h.runtime.database.prisma);
      expect((await store.steps(run.conversationId)).map((s) => s.model)).toEqual(["openai-compatible.chat:fake-gpt", "openai-compatible.chat:fake-gpt"]);
      const moved = (await store.toolCalls(run.conversationId)).find((c) => c.name === "move_event")!;
      expect(moved).toMatchObject({ status: "done", confirmation: { via: "elicitation", action: "accept" } });
      expect((moved.result as { structuredContent: unknown }).structuredContent).toMatchObject({ changed: true, event: { id: "EV-102", start: "2025-06-05T13:00" } });
    } finally {
      await fake.close();
    }
  });

  it("takes the answer over HTTP while the turn streams, and refuses a form value of the wrong type", { timeout: 60_000 }, async () => {
    const auth = { authorization: `Bearer ${h.apiKey}`, "content-type": "application/json" };
    const post = (url: string, body: unknown) => new Request(`http://127.0.0.1:3000${url}`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    const started = await startConversationRoute(post("/api/agents/conversations", { agent: "personal-assistant" }));
    const { id } = (await started.json()) as { id: string };
    const stream = await runTurnRoute(post(`/api/agents/conversations/${id}/turns`, { message: MOVE }), { params: Promise.resolve({ id }) });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    const events: TurnEvent[] = [];
    const replies: Array<[number, unknown]> = [];
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const parsed = parseSse(buffer + value);
      buffer = parsed.rest;
      for (const { data } of parsed.events) {
        const event = JSON.parse(data) as TurnEvent;
        events.push(event);
        if (event.type !== "elicitation-required") continue;
        const url = `/api/agents/conversations/${id}/elicitations/${event.elicitation.id}`;
        const params = { params: Promise.resolve({ id, elicitationId: event.elicitation.id }) };
        for (const body of [{ action: "accept", content: { confirm: "yes", start: "2025-06-05T13:00" } }, { action: "maybe" }, { action: "decline" }]) {
          const reply = await answerElicitationRoute(post(url, body), params);
          replies.push([reply.status, await reply.json()]);
        }
      }
    }
    expect(replies).toEqual([
      [400, { error: "content.confirm: must be boolean" }],
      [400, { error: 'action: expected "accept", "decline" or "cancel"', details: { fieldErrors: { action: 'expected "accept", "decline" or "cancel"' } } }],
      [200, { delivered: true }],
    ]);
    const finish = events.at(-1);
    expect(finish?.type === "turn-finish" && finish.outcome.answer).toBe('I left your calendar as it was. Nothing was changed: the user declined, so "Dentist" stays on 2025-06-03T14:00.');
    expect(events.find((e) => e.type === "elicitation-answered")).toMatchObject({ action: "decline" });
  });
});
