/**
 * The customer-service case end to end: its scripted agent, run by the product's agent runtime,
 * calls the case's real stdio MCP server — published through the catalog's publish path and
 * deployed for the tenant — only through a real gateway on a loopback port, with the agent's own
 * API key; conversations live in the database (PGlite, or PostgreSQL with DATABASE_URL).
 *
 * Golden transcripts: cases/customer-service/golden/<eval case>.json. After a deliberate change of
 * the script or the server, rewrite them with UPDATE_GOLDEN=1 and review the diff.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_SERVICE_DEPLOYMENT, customerServiceAgent } from "../../../cases/customer-service/agent.ts";
import { customerServiceCase } from "../../../cases/customer-service/index.ts";
import { agentGatewayKey } from "../../../server/agents/agent-keys.ts";
import { productModels } from "../../../server/agents/agent-models.ts";
import { defineAgent, getAgent } from "../../../server/agents/agents-service.ts";
import { runConversationTurn, startConversation } from "../../../server/agents/conversations-service.ts";
import { PrismaConversationStore } from "../../../server/agents/prisma-conversation-store.ts";
import { openDatabase } from "../../../server/db/database.ts";
import { AppError } from "../../../server/errors.ts";
import { readUsage, usageDay } from "../../gateway/usage.ts";
import { AgentRuntime } from "../agent-runtime.ts";
import { readTranscript } from "../evals/transcript.ts";
import { GatewayTools } from "../gateway-tools.ts";
import { type AgentsHarness, startAgentsHarness } from "./agents-harness.ts";
import { goldenAndEvalTests } from "./case-suite.ts";


let h: AgentsHarness;

beforeAll(async () => {
  h = await startAgentsHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the customer-service case", () => {
  goldenAndEvalTests(customerServiceCase, () => h);

  it("reaches its tools only through the gateway, with its own key scoped to its deployment", async () => {
    const db = h.runtime.database.prisma;
    const agent = await db.agent.findFirstOrThrow({ where: { tenantId: h.tenantId, slug: customerServiceAgent.id } });
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: agent.keyId! } });
    expect(key).toMatchObject({ tenantId: h.tenantId, name: "agent:customer-service", scopes: [CUSTOMER_SERVICE_DEPLOYMENT], revokedAt: null });
    expect(JSON.stringify(agent.sealedKey)).not.toContain(`sy_${key.prefix}_`);
    // The gateway looked the deployment up for tenant A, and counted the agent's calls against its key.
    expect(h.gateway.resolved.some((r) => r.tenantId === h.tenantId && r.name === CUSTOMER_SERVICE_DEPLOYMENT && r.deploymentId !== null)).toBe(true);
    let calls = 0;
    for (let i = 0; i < 50 && calls === 0; i++) {
      calls = (await readUsage(h.runtime.engine, key.id, usageDay(Date.now()))).calls;
      if (calls === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(calls).toBeGreaterThan(0);
  });

  it("pauses before a refund, with nothing refunded, and resumes on the answer in a fresh runtime", { timeout: 60_000 }, async () => {
    const db = h.runtime.database.prisma;
    const conversation = await startConversation(h.runtime, { tenantId: h.tenantId, agent: "customer-service" });
    const paused = await runConversationTurn(h.runtime, { tenantId: h.tenantId, conversationId: conversation.id, input: { message: "My keyboard from order 1001 arrived damaged. Can I get my money back?" } });
    expect(paused).toMatchObject({ status: "awaiting_confirmation", stopReason: "awaiting_confirmation", answer: null });
    expect(paused.confirmations).toEqual([
      expect.objectContaining({ name: "issue_refund", deployment: CUSTOMER_SERVICE_DEPLOYMENT, tool: "issue_refund", args: { orderId: "1001", amount: 89, reason: "Item arrived damaged" } }),
    ]);
    expect(paused.confirmations[0]!.message).toMatch(/^Acme support wants to run issue_refund on customer-service \(Pays money back/);
    const pausedCalls = await new PrismaConversationStore(db).toolCalls(conversation.id);
    expect(pausedCalls.map((c) => [c.name, c.status])).toEqual([
      ["lookup_order", "done"],
      ["search_kb", "done"],
      ["issue_refund", "awaiting_confirmation"],
    ]);
    await expect(runConversationTurn(h.runtime, { tenantId: h.tenantId, conversationId: conversation.id, input: { message: "hello?" } })).rejects.toThrow(/waiting for your answer/);

    // Another runtime, as after a restart of the web tier, answers the confirmation.
    const done = await runConversationTurn(h.runtime, { tenantId: h.tenantId, conversationId: conversation.id, input: { confirmations: [{ id: paused.confirmations[0]!.id, action: "accept" }] } });
    expect(done).toMatchObject({ turn: 1, status: "completed", stopReason: "completed" });
    expect(done.answer).toMatch(/^Done: refund R-[0-9A-F]{6} of 89 EUR is approved/);
    const refund = (await new PrismaConversationStore(db).toolCalls(conversation.id)).find((c) => c.name === "issue_refund")!;
    expect(refund).toMatchObject({ status: "done", confirmation: { action: "accept" } });
    expect((refund.result as { structuredContent: unknown }).structuredContent).toMatchObject({ refund: { orderId: "1001", amount: 89, status: "approved" } });
  });

  it("resumes a conversation from the database with a fresh runtime and connection", { timeout: 60_000 }, async () => {
    const db = h.runtime.database.prisma;
    const { definition } = await getAgent({ db, tenantId: h.tenantId, id: "customer-service" });
    const conversation = await startConversation(h.runtime, { tenantId: h.tenantId, agent: "customer-service" });
    const first = await runConversationTurn(h.runtime, { tenantId: h.tenantId, conversationId: conversation.id, input: { message: "Where is my order 1002?" } });
    expect(first.answer).toContain("1Z999AA10123456784");

    // Everything this process held is dropped: a new connection to the same database (PostgreSQL),
    // a new store, new tools with the key read back from the database, a new runtime.
    const url = await schemaUrl(h);
    const other = url ? await openDatabase({ url }) : undefined;
    try {
      const store = new PrismaConversationStore(other?.prisma ?? db);
      const key = await agentGatewayKey(h.runtime, { tenantId: h.tenantId, agentId: "customer-service", deployments: definition.deployments });
      const fresh = new AgentRuntime({
        store,
        models: productModels(h.runtime),
        tools: async () => new GatewayTools({ gatewayUrl: h.gateway.url, apiKey: key, clientName: "agent:customer-service" }),
      });
      const second = await fresh.runTurn({ conversationId: conversation.id, definition, input: { message: "Thanks! What was the tracking number again?" } });
      expect(second).toMatchObject({ turn: 2, status: "completed", answer: "The tracking number of order 1002 is 1Z999AA10123456784 (UPS)." });
      const transcript = await readTranscript(store, conversation.id);
      expect(transcript.turns.map((t) => [t.index, t.steps.flatMap((s) => s.toolCalls.map((c) => c.name))])).toEqual([
        [1, ["lookup_order"]],
        [2, []],
      ]);
    } finally {
      await other?.close();
    }
  });

  it("namespaces tools when an agent uses several deployments, and says why a deployment cannot be opened", async () => {
    const tools = new GatewayTools({ gatewayUrl: h.gateway.url, apiKey: h.apiKey, clientName: "test" });
    const session = await tools.open([CUSTOMER_SERVICE_DEPLOYMENT, "everything"], {});
    try {
      const names = [...session.catalog.keys()];
      expect(names).toContain("customer-service__lookup_order");
      expect(names).toContain("everything__echo");
      expect(session.catalog.get("customer-service__issue_refund")).toMatchObject({ deployment: "customer-service", tool: "issue_refund", needsConfirmation: true });
      expect(session.catalog.get("customer-service__lookup_order")?.needsConfirmation).toBe(false);
      const result = (await session.tools["customer-service__lookup_order"]!.execute!({ orderId: "1004" }, { toolCallId: "t1", messages: [] })) as { structuredContent: unknown };
      expect(result.structuredContent).toMatchObject({ order: { id: "1004", status: "processing" } });
      await expect(session.tools["customer-service__lookup_order"]!.execute!({ orderId: "9999" }, { toolCallId: "t2", messages: [] })).rejects.toThrow("No order 9999.");
    } finally {
      await session.close();
    }
    const one = await tools.open([CUSTOMER_SERVICE_DEPLOYMENT], {});
    expect([...one.catalog.keys()].sort()).toEqual(["create_ticket", "escalate_to_human", "find_customer", "issue_refund", "lookup_order", "search_kb"]);
    await one.close();

    const wrongKey = new GatewayTools({ gatewayUrl: h.gateway.url, apiKey: `sy_0123456789ab_${"A".repeat(43)}`, clientName: "test" });
    await expect(wrongKey.open([CUSTOMER_SERVICE_DEPLOYMENT], {})).rejects.toThrow(/^could not open deployment "customer-service" through the gateway: .* \(unknown_key\)$/);
    await expect(tools.open(["no-such-deployment"], {})).rejects.toThrow('could not open deployment "no-such-deployment" through the gateway: your tenant has no deployment named "no-such-deployment" (no_deployment)');
  });

  it("refuses an agent that names a deployment of another tenant", async () => {
    const db = h.runtime.database.prisma;
    // Tenant B has a deployment "everything"; tenant A's definition may only name A's own.
    await db.deployment.updateMany({ where: { tenantId: h.gateway.tenantB.id }, data: { name: "b-only" } });
    const error = await defineAgent({ db, tenantId: h.tenantId, actor: "test", definition: { ...customerServiceAgent, id: "sneaky", deployments: ["b-only"] } }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('deployments.0: your tenant has no deployment named "b-only"; deploy a component under that name first');
    expect(await db.agent.findFirst({ where: { slug: "sneaky" } })).toBeNull();
  });
});

/** The harness's PostgreSQL schema as a URL, when it runs on PostgreSQL (PGlite is one in-process database). */
async function schemaUrl(harness: AgentsHarness): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base || harness.gateway.database.kind !== "postgres") return undefined;
  const [row] = await harness.gateway.database.withSession((s) => s.query<{ schema: string }>("SELECT current_schema() AS schema"));
  const url = new URL(base);
  url.searchParams.set("schema", row!.schema);
  return url.toString();
}
