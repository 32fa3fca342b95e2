import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A2A_META_KEY } from "../../../runner/a2a/meta-key.ts";
import { type RunningTestAgent, startTestAgent } from "../../../runner/a2a/test/fixtures/test-agent.ts";
import { appRouter } from "../root.ts";
import { consoleHeaders, openTestRuntime } from "../test-runtime.ts";

const lookupSchema = {
  type: "object",
  properties: { orderId: { type: "string" }, verbose: { type: "boolean" } },
  required: ["orderId"],
  additionalProperties: false,
};

describe("a2a router (adaptation rules)", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  let agent: RunningTestAgent;
  const caller = () => appRouter.createCaller({ runtime, headers: consoleHeaders() });

  beforeAll(async () => {
    runtime = await openTestRuntime();
    agent = await startTestAgent();
    const db = runtime.database.prisma;
    const tenantId = runtime.localTenantId!;
    const snapshot = {
      tools: [
        { name: "lookup_order", description: "Finds an order", inputSchema: lookupSchema },
        { name: "internal_debug", description: "Not for agents", inputSchema: { type: "object" } },
      ],
      resources: [],
      resourceTemplates: [],
      prompts: [],
      requiredEnvironment: [],
    };
    const served = await db.component.create({ data: { name: "io.rules-test/orders", ownerId: tenantId } });
    const servedVersion = await db.componentVersion.create({ data: { componentId: served.id, version: "1.0.0", manifest: { name: "io.rules-test/orders", description: "d", version: "1.0.0" }, snapshot } });
    await db.deployment.create({ data: { tenantId, name: "orders", componentVersionId: servedVersion.id } });
    const remote = await db.component.create({ data: { name: "io.rules-test/agent", ownerId: tenantId } });
    const manifest = { name: "io.rules-test/agent", description: "d", version: "1.0.0", _meta: { [A2A_META_KEY]: { agentCardUrl: `${agent.url}.well-known/agent-card.json` } } };
    const remoteVersion = await db.componentVersion.create({ data: { componentId: remote.id, version: "1.0.0", manifest } });
    await db.deployment.create({ data: { tenantId, name: "remote-agent", componentVersionId: remoteVersion.id } });
  });

  afterAll(async () => {
    await agent?.close();
    await runtime?.close();
  });

  const rules = {
    entries: {
      lookup_order: { rename: "find-order", arguments: { orderId: "order.id", verbose: "$text" }, resultParts: [{ field: "status", as: "text" as const }] },
      internal_debug: { hidden: true },
    },
    defaultSkill: "find-order",
  };

  it("shows a served deployment's tools and where its agent is", async () => {
    const view = await caller().a2a.rules({ deployment: "orders" });
    expect(view).toMatchObject({ direction: "mcp-to-a2a", endpoint: "http://127.0.0.1:8080/a2a/orders", rules: { entries: {}, rendering: "auto" }, problems: [], updatedAt: null });
    expect(view.targets.map((t) => t.original)).toEqual(["lookup_order", "internal_debug"]);
  });

  it("previews rules against a sample message and result without saving them", async () => {
    const preview = await caller().a2a.preview({
      deployment: "orders",
      rules,
      sample: { message: { text: "yes", data: { order: { id: "A-17" } } }, result: { content: [{ type: "text", text: "shipped" }], structuredContent: { status: "shipped", eta: "2d" } } },
    });
    expect(preview.offered.map((o) => o.name)).toEqual(["find-order"]);
    expect(preview.defaultSkill).toBe("find-order");
    expect(preview.call).toEqual({ skillId: "find-order", tool: "lookup_order", arguments: { orderId: "A-17", verbose: "yes" }, problems: ["verbose: must be boolean"] });
    expect(preview.rendered).toEqual([{ text: "shipped", metadata: { field: "status" }, mediaType: "text/plain" }]);
    expect((await caller().a2a.rules({ deployment: "orders" })).updatedAt).toBeNull();
  });

  it("refuses rules that name a tool the deployment does not have, naming the field", async () => {
    const error = (await caller()
      .a2a.saveRules({ deployment: "orders", rules: { entries: { lookup_orders: { hidden: true } } } })
      .catch((e: unknown) => e)) as { message: string };
    expect(error.message).toContain("rules.entries.lookup_orders");
    expect(error.message).toContain("lookup_order, internal_debug");
  });

  it("refuses a malformed rule set with the zod message of its field", async () => {
    const error = (await caller()
      .a2a.saveRules({ deployment: "orders", rules: { entries: { lookup_order: { rename: "no spaces allowed" } } } as never })
      .catch((e: unknown) => e)) as { cause?: { issues?: Array<{ path: unknown[]; message: string }> } };
    expect(error.cause?.issues?.[0]).toMatchObject({ path: ["rules", "entries", "lookup_order", "rename"], message: expect.stringContaining("expected 1-64 letters") });
  });

  it("saves rules that fit, with an audit event", async () => {
    const view = await caller().a2a.saveRules({ deployment: "orders", rules });
    expect(view.rules.entries.lookup_order?.rename).toBe("find-order");
    expect(view.updatedBy).toBe("local-console");
    const audit = await runtime.database.prisma.auditEvent.findFirst({ where: { action: "deployment.a2a_rules", target: "deployment:orders" } });
    expect(audit).not.toBeNull();
  });

  it("shows an A2A agent's skills (from its card) and previews them as tools", async () => {
    const view = await caller().a2a.rules({ deployment: "remote-agent" });
    expect(view.direction).toBe("a2a-to-mcp");
    expect(view.targets.map((t) => t.original)).toContain("summarize text!");
    const preview = await caller().a2a.preview({
      deployment: "remote-agent",
      rules: { entries: { "summarize text!": { rename: "summarize" }, hang: { hidden: true } } },
      sample: { parts: [{ text: "done" }, { data: { score: 3 } }] },
    });
    expect(preview.offered.map((o) => o.name)).toContain("summarize");
    expect(preview.offered.map((o) => o.name)).not.toContain("hang");
    expect(preview.rendered).toEqual({ content: [{ type: "text", text: '{"score":3}' }, { type: "text", text: "done" }], structuredContent: { score: 3 } });
  });

  it("does not find another tenant's or a missing deployment", async () => {
    await expect(caller().a2a.rules({ deployment: "nope" })).rejects.toThrow('no deployment named "nope"');
  });
});
