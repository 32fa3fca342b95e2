/**
 * The "use my model" path: an agent whose model is any OpenAI-compatible chat-completions endpoint,
 * here a small fake server on a loopback port that answers with tool calls, text or errors.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentRuntime } from "../agent-runtime.ts";
import { agentDefinitionSchema } from "../definition.ts";
import { MemoryConversationStore } from "../memory-conversation-store.ts";
import { endpointModel } from "../models.ts";
import { type FakeReply, type FakeRequest, startFakeOpenAi } from "../test-support/fake-openai.ts";
import { LocalTools } from "../test-support/local-tools.ts";

const KEY = "sk-test-fake-key-123456";
let script: (request: FakeRequest, index: number) => FakeReply = () => ({ text: "hello" });
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;

beforeAll(async () => {
  fake = await startFakeOpenAi({ key: KEY, respond: (request, index) => script(request, index) });
});

afterAll(async () => {
  await fake?.close();
});

const definition = (budgets = {}) =>
  agentDefinitionSchema.parse({
    id: "byo",
    version: "1.0.0",
    name: "BYO agent",
    instructions: "You help with orders.",
    model: { provider: "openai-compatible", endpoint: "fake", model: "fake-gpt", contextWindow: 8_192, maxOutputTokens: 256 },
    deployments: ["desk"],
    budgets,
  });

function setup(endpoint: { baseUrl: string; apiKey: string | undefined }) {
  const store = new MemoryConversationStore();
  const tools = new LocalTools(
    [
      { name: "lookup_order", description: "An order by number", annotations: { readOnlyHint: true }, run: (args) => ({ order: { id: args.orderId, status: "shipped" } }) },
      { name: "issue_refund", description: "Refunds an order", annotations: { destructiveHint: true }, run: (args) => ({ refunded: args.orderId }) },
    ],
    "desk",
  );
  const runtime = new AgentRuntime({ store, models: async (spec) => (spec.provider === "openai-compatible" ? endpointModel({ ...endpoint, model: spec.model }) : Promise.reject(new Error("no"))), tools: async () => tools });
  return {
    store,
    tools,
    run: async (message: string, def = definition()) => {
      const { id } = await store.create({ tenantId: "t", agentId: def.id, agentVersion: def.version, title: "t" });
      return { id, outcome: await runtime.runTurn({ conversationId: id, definition: def, input: { message } }) };
    },
    runtime,
  };
}

const toolMessage = (request: FakeRequest) => request.body.messages.find((m) => m.role === "tool");

describe("an OpenAI-compatible model", () => {
  it("calls tools and answers from their results, with the tenant's key and the endpoint's usage", async () => {
    script = (request) => (!toolMessage(request) ? { toolCalls: [{ name: "lookup_order", arguments: '{"orderId":"1002"}' }], usage: { prompt: 120, completion: 12 } } : { text: "Order 1002 has shipped.", usage: { prompt: 180, completion: 8 } });
    const before = fake.requests.length;
    const agent = setup({ baseUrl: fake.url, apiKey: KEY });
    const { store } = agent;
    const { id, outcome } = await agent.run("Where is order 1002?");
    expect(outcome).toMatchObject({ status: "completed", answer: "Order 1002 has shipped.", steps: 2, usage: { inputTokens: 300, outputTokens: 20 } });
    const [first, second] = fake.requests.slice(before);
    expect(first!.authorization).toBe(`Bearer ${KEY}`);
    expect(first!.body).toMatchObject({ model: "fake-gpt", stream: true, max_tokens: 256 });
    expect(first!.body.messages[0]).toMatchObject({ role: "system", content: expect.stringContaining("You help with orders.") });
    expect(first!.body.tools?.map((t) => t.function.name)).toEqual(["lookup_order", "issue_refund"]);
    expect(toolMessage(second!)).toMatchObject({ role: "tool", tool_call_id: "call_fake_" + String(before) + "_0", content: expect.stringContaining('"status":"shipped"') });
    expect((await store.toolCalls(id))[0]).toMatchObject({ name: "lookup_order", args: { orderId: "1002" }, status: "done" });
    expect((await store.steps(id)).map((s) => s.model)).toEqual(["openai-compatible.chat:fake-gpt", "openai-compatible.chat:fake-gpt"]);
  });

  it("says that the endpoint refused the key, without showing it", async () => {
    const { outcome } = await setup({ baseUrl: fake.url, apiKey: "sk-wrong-key" }).run("hi");
    expect(outcome).toMatchObject({ status: "failed", stopReason: "model_error" });
    expect(outcome.error).toBe(`the model endpoint ${fake.url}/chat/completions refused the API key (HTTP 401); check the key stored for this endpoint`);
    expect(JSON.stringify(outcome)).not.toContain("sk-wrong-key");
  });

  it("says that an endpoint is unreachable", async () => {
    const port = await closedPort();
    const { outcome } = await setup({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY }).run("hi");
    expect(outcome).toMatchObject({ status: "failed", stopReason: "model_error" });
    expect(outcome.error).toMatch(new RegExp(`^the model endpoint http://127\\.0\\.0\\.1:${port}/v1/chat/completions is unreachable \\(.+\\); check its base URL and that it is running$`));
  });

  it("records a malformed tool call and a call to a tool that does not exist as tool errors, and goes on", async () => {
    script = (request) => {
      const results = request.body.messages.filter((m) => m.role === "tool").length;
      if (results === 0) return { toolCalls: [{ name: "lookup_order", arguments: "{orderId: 1002" }] };
      if (results === 1) return { toolCalls: [{ name: "delete_everything", arguments: "{}" }] };
      return { text: "I could not look that up." };
    };
    const agent = setup({ baseUrl: fake.url, apiKey: KEY });
    const { id, outcome } = await agent.run("Where is order 1002?");
    const { store } = agent;
    expect(outcome).toMatchObject({ status: "completed", answer: "I could not look that up." });
    const calls = await store.toolCalls(id);
    expect(calls.map((c) => [c.name, c.status, c.deployment])).toEqual([
      ["lookup_order", "error", "desk"],
      ["delete_everything", "error", null],
    ]);
    expect(calls[0]!.error).toMatch(/^Invalid input for tool lookup_order: JSON parsing failed/);
    expect(calls[1]!.error).toBe("Model tried to call unavailable tool 'delete_everything'. Available tools: lookup_order, issue_refund.");
  });

  it("asks before a destructive call and sends the model the result once accepted", async () => {
    script = (request) => (toolMessage(request) ? { text: "Refunded." } : { toolCalls: [{ name: "issue_refund", arguments: '{"orderId":"1001"}' }] });
    const agent = setup({ baseUrl: fake.url, apiKey: KEY });
    const { id, outcome } = await agent.run("refund 1001");
    expect(outcome.status).toBe("awaiting_confirmation");
    expect(agent.tools.ran).toEqual([]);
    const before = fake.requests.length;
    const done = await agent.runtime.runTurn({ conversationId: id, definition: definition(), input: { confirmations: [{ id: outcome.confirmations[0]!.id, action: "accept" }] } });
    expect(done).toMatchObject({ status: "completed", answer: "Refunded." });
    expect(agent.tools.ran).toEqual([{ name: "issue_refund", args: { orderId: "1001" } }]);
    expect(toolMessage(fake.requests[before]!)).toMatchObject({ content: expect.stringContaining('"refunded":"1001"') });
  });

  it("stops a model that never stops calling tools at the step budget", async () => {
    script = () => ({ toolCalls: [{ name: "lookup_order", arguments: '{"orderId":"1002"}' }] });
    const { outcome } = await setup({ baseUrl: fake.url, apiKey: KEY }).run("loop", definition({ maxSteps: 4 }));
    expect(outcome).toMatchObject({ status: "stopped", stopReason: "step_budget", steps: 4 });
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
