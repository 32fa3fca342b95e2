/**
 * The gallery's tRPC procedures on a real gateway, node agent and case server (the agents'
 * harness): a scenario run started from the gallery and played through the runtime, its checks,
 * and evals run N times.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentsHarness, startAgentsHarness } from "../../../runner/agents/test/agents-harness.ts";
import { runConversationTurn } from "../../agents/conversations-service.ts";
import { appRouter } from "../../trpc/root.ts";
import { consoleHeaders } from "../../trpc/test-runtime.ts";
import { rejectionOf } from "../../../runner/test-support/rejection.ts";

let h: AgentsHarness;

beforeAll(async () => {
  h = await startAgentsHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const caller = () => appRouter.createCaller({ runtime: h.runtime, headers: consoleHeaders() });

describe("cases over tRPC", () => {
  it("lists the cases and gives a case's docs and scenarios", async () => {
    expect(await caller().cases.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "customer-service", agent: "customer-service", deployments: ["customer-service"], components: ["io.switchyard/customer-service"], scenarios: 8 }),
        expect.objectContaining({ id: "content-generation", agent: "content-generation", deployments: ["content-generation"], components: ["io.switchyard/content-generation"], scenarios: 4 }),
        expect.objectContaining({ id: "data-analysis", agent: "data-analysis", deployments: ["data-analysis"], components: ["io.switchyard/data-analysis"], scenarios: 4 }),
        expect.objectContaining({ id: "personal-assistant", agent: "personal-assistant", deployments: ["personal-assistant"], components: ["io.switchyard/personal-assistant"], scenarios: 5 }),
      ]),
    );
    const c = await caller().cases.get({ id: "customer-service" });
    expect(c.blocks.some((b) => b.kind === "table")).toBe(true);
    expect(c.scenarios.find((s) => s.id === "damaged-refund")?.confirms).toEqual(["issue_refund"]);
    // A question the tool's server asks (elicitation) counts as a confirmation the user gives.
    expect((await caller().cases.get({ id: "personal-assistant" })).scenarios.find((s) => s.id === "move-dentist")?.confirms).toEqual(["move_event"]);
    expect((await rejectionOf(caller().cases.get({ id: "nope" }), TRPCError)).code).toBe("NOT_FOUND");
  });

  it("a scenario run: started from the gallery, played through the runtime, checked", async () => {
    const { conversationId, scenario } = await caller().cases.startRun({ caseId: "customer-service", scenarioId: "damaged-refund" });
    const first = scenario.conversation[0]!;
    if (!("user" in first)) throw new Error("expected a user message first");
    const paused = await runConversationTurn(h.runtime, { tenantId: h.tenantId, conversationId, input: { message: first.user } });
    expect(paused.status).toBe("awaiting_confirmation");
    const halfway = await caller().cases.checkRun({ caseId: "customer-service", scenarioId: "damaged-refund", conversationId });
    expect(halfway.find((c) => c.label === "asks before running issue_refund")?.pass).toBe(true);
    expect(halfway.every((c) => c.pass)).toBe(false);
    await runConversationTurn(h.runtime, { tenantId: h.tenantId, conversationId, input: { confirmations: paused.confirmations.map((c) => ({ id: c.id, action: "accept" as const })) } });
    const checks = await caller().cases.checkRun({ caseId: "customer-service", scenarioId: "damaged-refund", conversationId });
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    expect(checks).toHaveLength(8);
    const other = await rejectionOf(caller().cases.checkRun({ caseId: "customer-service", scenarioId: "nope", conversationId }), TRPCError);
    expect(other.message).toMatch(/has no scenario "nope"/);
  }, 60_000);

  it("runs evals N times with pass rates, within the limit", async () => {
    const report = await caller().cases.runEvals({ caseId: "customer-service", scenarioId: "order-status", times: 2 });
    expect(report).toMatchObject({ agent: "customer-service", runs: 2, passRate: 1, ok: true, cases: [{ id: "order-status", passed: 2, runs: 2 }] });
    expect((await rejectionOf(caller().cases.runEvals({ caseId: "customer-service", times: 11 }), TRPCError)).code).toBe("BAD_REQUEST");
  }, 60_000);
});
