import { describe, expect, it } from "vitest";
import type { ModelCallOptions, ModelPrompt } from "../model-types.ts";
import { buildArguments, pickTool } from "./playground-args.ts";
import { PlaygroundModel } from "./playground-model.ts";

const tools = [
  { name: "echo", inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] } },
  { name: "get-sum", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } },
  { name: "get-sum-total", inputSchema: { type: "object", properties: {} } },
  {
    name: "weather",
    inputSchema: {
      type: "object",
      properties: { city: { type: "string", enum: ["Chicago", "Paris"] }, units: { type: "string", default: "metric" }, days: { type: "integer", examples: [3] }, verbose: { type: "boolean" } },
      required: ["city", "days", "verbose"],
    },
  },
];

describe("pickTool", () => {
  it("finds the longest tool name in the message as a word, with '-', '_' or spaces between its parts", () => {
    expect(pickTool("please echo hello", tools)).toMatchObject({ name: "echo", unknown: false });
    expect(pickTool("get sum of 2 and 3", tools)).toMatchObject({ name: "get-sum" });
    expect(pickTool("GET_SUM_TOTAL now", tools)).toMatchObject({ name: "get-sum-total" });
    // A tool name inside another word is not a mention.
    expect(pickTool("echoes of the past", tools)).toBeUndefined();
  });

  it("takes 'call <name>' of a tool the server does not offer, so that error can be seen", () => {
    expect(pickTool("call teleport now", tools)).toEqual({ name: "teleport", end: "call teleport".length, unknown: true });
    expect(pickTool("hello there", tools)).toBeUndefined();
  });
});

describe("buildArguments", () => {
  it("puts the text after the tool's name in the first required string", () => {
    expect(buildArguments(tools[0]!.inputSchema, "echo hello world", " hello world")).toEqual({ message: "hello world" });
    expect(buildArguments(tools[0]!.inputSchema, 'echo "quoted text"', ' "quoted text"')).toEqual({ message: "quoted text" });
  });

  it("takes numbers from the message in order for required numbers", () => {
    expect(buildArguments(tools[1]!.inputSchema, "get-sum of 2 and 40", " of 2 and 40")).toEqual({ a: 2, b: 40 });
  });

  it("uses enum values, defaults, examples and false for what the message does not say", () => {
    expect(buildArguments(tools[3]!.inputSchema, "weather", "")).toEqual({ city: "Chicago", units: "metric", days: 3, verbose: false });
  });

  it("prefers what the message gives: a JSON object, then name=value typed by the schema", () => {
    expect(buildArguments(tools[3]!.inputSchema, 'weather {"city": "Paris", "extra": 1}', "")).toEqual({ city: "Paris", units: "metric", days: 3, verbose: false, extra: 1 });
    expect(buildArguments(tools[3]!.inputSchema, "weather city=Paris days: 5 verbose=true", "")).toEqual({ city: "Paris", units: "metric", days: 5, verbose: true });
  });

  it("leaves out a required value it cannot find, for the server to refuse", () => {
    expect(buildArguments(tools[1]!.inputSchema, "get-sum", "")).toEqual({});
  });
});

const user = (text: string): ModelPrompt[number] => ({ role: "user", content: [{ type: "text", text }] });
const call = (id: string, tool: string, input: unknown): ModelPrompt[number] => ({ role: "assistant", content: [{ type: "tool-call", toolCallId: id, toolName: tool, input }] });
const result = (id: string, tool: string, output: unknown): ModelPrompt[number] => ({ role: "tool", content: [{ type: "tool-result", toolCallId: id, toolName: tool, output: output as never }] });

function options(prompt: ModelPrompt): ModelCallOptions {
  return { prompt, tools: tools.map((t) => ({ type: "function", name: t.name, inputSchema: t.inputSchema })) } as ModelCallOptions;
}

describe("PlaygroundModel", () => {
  let ids = 0;
  const model = new PlaygroundModel(() => `call_${++ids}`);

  it("calls the tool the message names, with arguments from its schema", async () => {
    const reply = await model.doGenerate(options([user("echo hello from the playground")]));
    expect(reply.content).toEqual([
      { type: "text", text: "Calling echo." },
      { type: "tool-call", toolCallId: expect.stringMatching(/^call_/), toolName: "echo", input: JSON.stringify({ message: "hello from the playground" }) },
    ]);
    expect(reply.finishReason.unified).toBe("tool-calls");
    expect(reply.usage.inputTokens.total).toBeGreaterThan(0);
    expect(reply.providerMetadata).toEqual({ switchyard: { script: "playground", rule: "call" } });
  });

  it("answers with the tool's result, or why it failed, once the call of this turn has one", async () => {
    const answered = await model.doGenerate(options([user("echo hi"), call("c1", "echo", { message: "hi" }), result("c1", "echo", { type: "text", value: "Echo: hi" })]));
    expect(answered.content).toEqual([{ type: "text", text: "echo answered: Echo: hi" }]);
    expect(answered.finishReason.unified).toBe("stop");
    const failed = await model.doGenerate(options([user("get-sum"), call("c1", "get-sum", {}), result("c1", "get-sum", { type: "error-text", value: "a: Required" })]));
    expect(failed.content).toEqual([{ type: "text", text: "get-sum failed: a: Required" }]);
  });

  it("lists the tools when the message names none, and calls again in a new turn", async () => {
    const none = await model.doGenerate(options([user("what can you do?")]));
    expect(none.content).toEqual([{ type: "text", text: 'Name a tool in your message and I will call it, e.g. "echo …". This server\'s tools: echo, get-sum, get-sum-total, weather.' }]);
    const again = await model.doGenerate(options([user("echo a"), call("c1", "echo", { message: "a" }), result("c1", "echo", { type: "text", value: "Echo: a" }), user("echo b")]));
    expect(again.content[1]).toMatchObject({ type: "tool-call", toolName: "echo", input: JSON.stringify({ message: "b" }) });
  });

  it("is deterministic apart from call ids, and streams what it generates", async () => {
    const prompt = [user("get sum of 2 and 40")];
    const first = await model.doGenerate(options(prompt));
    const second = await model.doGenerate(options(prompt));
    const strip = (content: typeof first.content) => content.map((part) => (part.type === "tool-call" ? { ...part, toolCallId: "-" } : part));
    expect(strip(second.content)).toEqual(strip(first.content));
    expect(second.usage).toEqual(first.usage);
    const { stream } = await model.doStream(options(prompt));
    const types: string[] = [];
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) types.push(next.value.type);
    expect(types).toEqual(["stream-start", "response-metadata", "text-start", "text-delta", "text-end", "tool-call", "finish"]);
  });
});
