import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../runner/test-support/cli-process.ts";
import { type FakeReply, startFakeOpenAi } from "../../../runner/agents/test-support/fake-openai.ts";
import { type EndpointOpener, runModelStep } from "./model-step.ts";
import { type PlaygroundTool, modelStepInputSchema } from "./wire.ts";

const KEY = "sk-playground-test";
const tools: PlaygroundTool[] = [{ name: "echo", description: "Echoes back the input", inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] } }];

let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
let next: FakeReply = { text: "hi" };
/** An endpoint nothing listens on. */
let downUrl: string;

beforeAll(async () => {
  fake = await startFakeOpenAi({ key: KEY, respond: () => next });
  downUrl = `http://127.0.0.1:${await freePort()}/v1`;
});
afterAll(() => fake.close());

const endpoints: EndpointOpener = async (name) => {
  if (name === "fake") return { baseUrl: fake.url, apiKey: KEY };
  if (name === "wrong-key") return { baseUrl: fake.url, apiKey: "sk-wrong" };
  if (name === "down") return { baseUrl: downUrl, apiKey: KEY };
  throw new Error(`your tenant has no model endpoint "${name}"`);
};

const ask = (model: Parameters<typeof runModelStep>[0]["model"], text = "echo hello") => runModelStep({ model, messages: [{ role: "user", text }], tools, maxOutputTokens: 256 }, endpoints);

describe("runModelStep", () => {
  it("runs the scripted playground model: a tool call from the message, with usage and latency", async () => {
    const reply = await ask({ kind: "scripted" });
    expect(reply).toMatchObject({ ok: true, model: "scripted playground model", text: "Calling echo.", finishReason: "tool-calls", calls: [{ name: "echo", input: { message: "hello" } }] });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.usage.inputTokens).toBeGreaterThan(0);
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("sends the conversation and the tools to an OpenAI-compatible endpoint with the key, and reads its tool calls", async () => {
    next = { toolCalls: [{ name: "echo", arguments: '{"message":"from the endpoint"}' }], usage: { prompt: 31, completion: 7 } };
    const before = fake.requests.length;
    const reply = await runModelStep(
      {
        model: { kind: "endpoint", endpoint: "fake", model: "tiny" },
        messages: [
          { role: "user", text: "echo a" },
          { role: "assistant", text: "", calls: [{ id: "c1", name: "echo", input: { message: "a" } }] },
          { role: "tool", results: [{ id: "c1", name: "echo", output: { type: "value", value: "Echo: a" } }] },
          { role: "user", text: "again" },
        ],
        tools,
        maxOutputTokens: 256,
      },
      endpoints,
    );
    expect(reply).toMatchObject({ ok: true, model: "tiny at fake", calls: [{ name: "echo", input: { message: "from the endpoint" } }], usage: { inputTokens: 31, outputTokens: 7 } });
    const sent = fake.requests[before]!;
    expect(sent.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body.model).toBe("tiny");
    expect(sent.body.tools?.map((t) => t.function.name)).toEqual(["echo"]);
    expect(sent.body.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "user"]);
    expect(sent.body.messages[3]).toMatchObject({ role: "tool", tool_call_id: "c1", content: "Echo: a" });
  });

  it("names the problem of a tool call it cannot run: a tool the server does not have, arguments that are not JSON", async () => {
    next = { toolCalls: [{ name: "teleport", arguments: "{}" }] };
    expect(await ask({ kind: "endpoint", endpoint: "fake", model: "tiny" })).toMatchObject({
      ok: true,
      calls: [{ name: "teleport", problem: 'the model called "teleport", which this server does not offer (its tools: echo)' }],
    });
    next = { toolCalls: [{ name: "echo", arguments: '{"message": "unterminated' }] };
    expect(await ask({ kind: "endpoint", endpoint: "fake", model: "tiny" })).toMatchObject({
      ok: true,
      calls: [{ name: "echo", problem: `the model's arguments for echo are not valid JSON: {"message": "unterminated` }],
    });
  });

  it("says in words when the key is refused, the endpoint is down, or there is no such endpoint", async () => {
    expect(await ask({ kind: "endpoint", endpoint: "wrong-key", model: "tiny" })).toMatchObject({ ok: false, error: expect.stringContaining("refused the API key (HTTP 401)") });
    expect(await ask({ kind: "endpoint", endpoint: "down", model: "tiny" })).toMatchObject({ ok: false, error: expect.stringMatching(/is unreachable \(ECONNREFUSED\)/) });
    expect(await ask({ kind: "endpoint", endpoint: "missing", model: "tiny" })).toMatchObject({ ok: false, error: 'your tenant has no model endpoint "missing"' });
  });
});

describe("modelStepInputSchema", () => {
  it("names the field that is wrong", () => {
    const bad = modelStepInputSchema.safeParse({ model: { kind: "endpoint", endpoint: "bad name!", model: "" }, messages: [], tools: [] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(paths).toContain("model.endpoint: expected the name of one of your model endpoints, e.g. my-openai");
    expect(paths).toContain("model.model: expected the model's id at that endpoint, e.g. gpt-4o-mini");
    expect(paths.some((p) => p.startsWith("messages:"))).toBe(true);
  });
});
