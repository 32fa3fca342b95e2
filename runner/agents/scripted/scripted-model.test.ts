import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { ModelCallOptions, ModelPrompt, ModelStreamPart } from "../model-types.ts";
import { viewPrompt } from "./prompt-view.ts";
import { modelScriptSchema } from "./script.ts";
import { ScriptedModel } from "./scripted-model.ts";

const script = modelScriptSchema.parse({
  id: "shop",
  fallback: "Ask me about an order.",
  rules: [
    { id: "look-up", when: { user: "order #?(\\d{4})", notCalled: ["lookup_order"] }, then: { call: [{ tool: "lookup_order", args: { orderId: "{{user.1}}", verbose: true } }] } },
    { id: "failed", when: { results: [{ tool: "lookup_order", isError: true }] }, then: { say: "Sorry: {{result.lookup_order}}" } },
    { id: "denied", when: { results: [{ tool: "refund", denied: true }] }, then: { say: "No refund then." } },
    { id: "refund", when: { user: "refund", called: ["lookup_order"], notCalled: ["refund"] }, then: { say: "Refunding.", call: [{ tool: "refund", args: { orderId: "{{result.lookup_order.order.id}}", amount: "{{result.lookup_order.order.total}}", note: "total {{result.lookup_order.order.total}}" } }] } },
    { id: "shipped", when: { called: ["lookup_order"], results: [{ tool: "lookup_order", path: "order.status", equals: "shipped" }] }, then: { say: "Order {{result.lookup_order.order.id}} has shipped." } },
    { id: "any-status", when: { called: ["lookup_order"], results: [{ tool: "lookup_order", path: "order.status", matches: "^(processing|delivered)$" }] }, then: { say: "Order is {{result.lookup_order.order.status}}." } },
    { id: "earlier", when: { user: "again", results: [{ tool: "lookup_order", scope: "conversation", contains: "SHIPPED" }] }, then: { say: "Earlier: order {{result.lookup_order.order.id}}." } },
    { id: "garble", when: { user: "garble" }, then: { malformedCall: { tool: "lookup_order", input: "{not json" } } },
    { id: "missing", when: { user: "missing" }, then: { say: "{{result.nothing.at.all}}" } },
  ],
});

const user = (text: string): ModelPrompt[number] => ({ role: "user", content: [{ type: "text", text }] });
const callOf = (id: string, tool: string, input: unknown): ModelPrompt[number] => ({ role: "assistant", content: [{ type: "tool-call", toolCallId: id, toolName: tool, input }] });
const json = (id: string, tool: string, value: unknown): ModelPrompt[number] => ({ role: "tool", content: [{ type: "tool-result", toolCallId: id, toolName: tool, output: { type: "json", value: value as never } }] });
const output = (id: string, tool: string, out: unknown): ModelPrompt[number] => ({ role: "tool", content: [{ type: "tool-result", toolCallId: id, toolName: tool, output: out as never }] });

function options(prompt: ModelPrompt): ModelCallOptions {
  return { prompt } as ModelCallOptions;
}

let ids = 0;
const model = new ScriptedModel(script, () => `call_${++ids}`);

async function generate(prompt: ModelPrompt) {
  return model.doGenerate(options([{ role: "system", content: "You help." }, ...prompt]));
}

describe("ScriptedModel", () => {
  it("calls a tool with arguments filled from the user's message", async () => {
    const result = await generate([user("Where is order #1002?")]);
    expect(result.content).toEqual([{ type: "tool-call", toolCallId: expect.stringMatching(/^call_\d+$/), toolName: "lookup_order", input: JSON.stringify({ orderId: "1002", verbose: true }) }]);
    expect(result.finishReason).toEqual({ unified: "tool-calls", raw: "tool_calls" });
    expect(result.providerMetadata).toEqual({ switchyard: { script: "shop", rule: "look-up" } });
  });

  it("answers from the tool's result, conditioned on what it says", async () => {
    const shipped = await generate([user("order 1002?"), callOf("c1", "lookup_order", {}), json("c1", "lookup_order", { order: { id: "1002", status: "shipped", total: 63.5 } })]);
    expect(shipped.content).toEqual([{ type: "text", text: "Order 1002 has shipped." }]);
    expect(shipped.finishReason.unified).toBe("stop");
    const processing = await generate([user("order 1004?"), callOf("c1", "lookup_order", {}), output("c1", "lookup_order", { type: "text", value: '{"order":{"id":"1004","status":"processing"}}' })]);
    expect(processing.content).toEqual([{ type: "text", text: "Order is processing." }]);
    // MCP results reach the model as content parts: their text is read as JSON too.
    const content = await generate([user("order 1001?"), callOf("c1", "lookup_order", {}), output("c1", "lookup_order", { type: "content", value: [{ type: "text", text: '{"order":{"id":"1001","status":"delivered"}}' }] })]);
    expect(content.content).toEqual([{ type: "text", text: "Order is delivered." }]);
    // Resource links and embedded resources after the JSON text (the AI SDK passes them on as text): the JSON is read.
    const link = JSON.stringify({ type: "resource_link", uri: "orders://1001", name: "1001" });
    const linked = await generate([user("order 1001?"), callOf("c1", "lookup_order", {}), output("c1", "lookup_order", { type: "content", value: [{ type: "text", text: '{"order":{"id":"1001","status":"delivered"}}' }, { type: "text", text: link }] })]);
    expect(linked.content).toEqual([{ type: "text", text: "Order is delivered." }]);
  });

  it("keeps a value's type when an argument is one template, and says text and calls in one step", async () => {
    const result = await generate([user("refund order 1001"), callOf("c1", "lookup_order", {}), json("c1", "lookup_order", { order: { id: "1001", total: 89 } })]);
    expect(result.content).toEqual([
      { type: "text", text: "Refunding." },
      { type: "tool-call", toolCallId: expect.any(String), toolName: "refund", input: JSON.stringify({ orderId: "1001", amount: 89, note: "total 89" }) },
    ]);
  });

  it("sees errors and denials", async () => {
    const failed = await generate([user("order 9999"), callOf("c1", "lookup_order", {}), output("c1", "lookup_order", { type: "error-text", value: "No order 9999." })]);
    expect(failed.content).toEqual([{ type: "text", text: "Sorry: No order 9999." }]);
    const denied = await generate([user("refund order 1001"), callOf("c1", "lookup_order", {}), json("c1", "lookup_order", { order: { id: "1001" } }), callOf("c2", "refund", {}), output("c2", "refund", { type: "execution-denied", reason: "no" })]);
    expect(denied.content).toEqual([{ type: "text", text: "No refund then." }]);
  });

  it("looks at this turn for 'called', and at earlier turns only when a condition asks to", async () => {
    const history = [user("order 1002?"), callOf("c1", "lookup_order", {}), json("c1", "lookup_order", { order: { id: "1002", status: "SHIPPED" } })];
    // A new turn about another order looks it up again: the earlier call is not this turn's.
    expect((await generate([...history, user("and order 1004?")])).content[0]).toMatchObject({ type: "tool-call", input: JSON.stringify({ orderId: "1004", verbose: true }) });
    expect((await generate([...history, user("tell me again")])).content).toEqual([{ type: "text", text: "Earlier: order 1002." }]);
    expect((await generate([user("tell me again")])).content).toEqual([{ type: "text", text: "Ask me about an order." }]);
  });

  it("can produce a malformed tool call, as a confused model would", async () => {
    expect((await generate([user("garble it")])).content).toEqual([{ type: "tool-call", toolCallId: expect.any(String), toolName: "lookup_order", input: "{not json" }]);
  });

  it("fails with a message naming the rule when a template has no value", async () => {
    await expect(generate([user("missing")])).rejects.toThrow("script shop/missing: {{result.nothing.at.all}} has no value (no result of nothing with that field in the conversation)");
  });

  it("streams the same answer word by word, with usage estimated from the prompt", async () => {
    const prompt: ModelPrompt = [user("order 1002?"), callOf("c1", "lookup_order", {}), json("c1", "lookup_order", { order: { id: "1002", status: "shipped" } })];
    const { stream } = await model.doStream(options(prompt));
    const parts: ModelStreamPart[] = [];
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    expect(parts.map((p) => p.type)).toEqual(["stream-start", "response-metadata", "text-start", "text-delta", "text-delta", "text-delta", "text-delta", "text-end", "finish"]);
    expect(parts.filter((p) => p.type === "text-delta").map((p) => (p as { delta: string }).delta).join("")).toBe("Order 1002 has shipped.");
    const finish = parts.at(-1) as Extract<ModelStreamPart, { type: "finish" }>;
    expect(finish.usage.inputTokens.total).toBe(Math.ceil(JSON.stringify(prompt).length / 4) + 1);
    expect(finish.usage.outputTokens.total).toBe(Math.ceil("Order 1002 has shipped.".length / 4));
    // Deterministic: the same prompt, the same answer and usage.
    const again = await model.doGenerate(options(prompt));
    expect(again.usage).toEqual(finish.usage);
  });

  it("honours an aborted call", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(model.doGenerate({ prompt: [user("order 1002")], abortSignal: controller.signal } as ModelCallOptions)).rejects.toThrow();
  });
});

describe("viewPrompt", () => {
  it("splits the calls of this turn from earlier ones and pairs them with their results", () => {
    const view = viewPrompt([user("first"), callOf("a", "t1", { x: 1 }), json("a", "t1", 1), user("second"), callOf("b", "t2", {}), callOf("c", "t3", {}), json("b", "t2", "text")]);
    expect(view.user).toBe("second");
    expect(view.all.map((c) => [c.id, c.result?.value])).toEqual([
      ["a", 1],
      ["b", "text"],
      ["c", undefined],
    ]);
    expect(view.turn.map((c) => c.id)).toEqual(["b", "c"]);
  });
});

describe("model scripts", () => {
  it("refuse duplicate rule ids and invalid patterns, naming the rule", () => {
    const bad = { id: "x", fallback: "-", rules: [{ id: "a", when: { user: "(" }, then: { say: "-" } }, { id: "a", then: { say: "-" } }] };
    const error = (() => {
      try {
        modelScriptSchema.parse(bad);
      } catch (caught) {
        return caught as ZodError;
      }
      throw new Error("expected the script to be refused");
    })();
    const messages = error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("rules: rule ids must be unique");
  });

  it("refuse an invalid pattern", () => {
    const result = modelScriptSchema.safeParse({ id: "x", fallback: "-", rules: [{ id: "a", when: { user: "(" }, then: { say: "-" } }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["rules", 0, "when"], message: expect.stringMatching(/^invalid regular expression \(: /) });
  });
});
