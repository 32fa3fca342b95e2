import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../runner/test-support/cli-process.ts";
import { z } from "zod";
import { type FakeRequest, startFakeOpenAi } from "../../../runner/agents/test-support/fake-openai.ts";
import { RecordingTransport } from "../session/recording-transport.ts";
import { Timeline } from "../session/timeline.ts";
import { callTool } from "../tools/call-tool.ts";
import { listTools } from "../tools/list-tools.ts";
import type { BenchTool } from "../tools/read-tools.ts";
import { runModelStep } from "./model-step.ts";
import { DEFAULT_LIMITS, type PlaygroundLimits, type PlaygroundTurn, runPlaygroundTurn, toolRunOf } from "./playground-turn.ts";
import type { PlaygroundMessage, PlaygroundModelChoice, PlaygroundTool } from "./wire.ts";

const KEY = "sk-turn-test";
let client: Client;
let timeline: Timeline;
let benchTools: BenchTool[];
let tools: PlaygroundTool[];
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
/** An endpoint nothing listens on. */
let downUrl: string;
/** What the fake endpoint answers: an echo call first, then a sentence about its result. */
let respond: (request: FakeRequest) => { text?: string; toolCalls?: Array<{ name: string; arguments: string }> } = () => ({ text: "-" });

beforeAll(async () => {
  const server = new McpServer({ name: "playground-test", version: "1.0.0" });
  server.registerTool("echo", { description: "Echoes back the input", inputSchema: { message: z.string() } }, async ({ message }) => ({ content: [{ type: "text", text: `Echo: ${message}` }] }));
  server.registerTool("get-sum", { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({ content: [{ type: "text", text: `The sum of ${a} and ${b} is ${a + b}.` }] }));
  server.registerTool("out-of-stock", { description: "Always fails", inputSchema: {} }, async () => ({ isError: true, content: [{ type: "text", text: "nothing left in stock" }] }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  timeline = new Timeline();
  client = new Client({ name: "bench", version: "0" });
  await client.connect(new RecordingTransport(a, timeline));
  benchTools = (await listTools(client)).tools;
  tools = benchTools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema as never }));
  fake = await startFakeOpenAi({ key: KEY, respond: (request) => respond(request) });
  downUrl = `http://127.0.0.1:${await freePort()}/v1`;
});

afterAll(async () => {
  await client.close();
  await fake.close();
});

/** A turn as the bench runs it: model steps on the "server", tools through the tab's MCP client. */
async function turn(prompt: string, options: { model?: PlaygroundModelChoice; limits?: PlaygroundLimits; history?: PlaygroundMessage[] } = {}) {
  const model = options.model ?? { kind: "scripted" };
  const updates: PlaygroundTurn[] = [];
  const done = await runPlaygroundTurn({
    prompt,
    history: options.history ?? [],
    tools,
    limits: options.limits ?? DEFAULT_LIMITS,
    model: "?",
    step: (messages, maxOutputTokens) => runModelStep({ model, messages, tools, maxOutputTokens }, async () => ({ baseUrl: fake.url, apiKey: KEY })),
    callTool: async (name, args) => {
      const tool = benchTools.find((t) => t.name === name)!;
      return toolRunOf(await callTool(client, tool, args, { timeoutMs: 10_000 }));
    },
    onUpdate: (t) => updates.push(t),
  });
  return { ...done, updates };
}

describe("runPlaygroundTurn", () => {
  it("runs the scripted model's tool call through the connection and answers from its result, with tokens and latency", async () => {
    const before = timeline.snapshot().filter((e) => e.method === "tools/call").length;
    const { turn: t, history, updates } = await turn("echo hello from the playground");
    expect(t.status).toBe("answered");
    expect(t.model).toBe("scripted playground model");
    expect(t.steps).toBe(2);
    expect(t.items).toEqual([
      { kind: "text", step: 1, text: "Calling echo." },
      { kind: "call", step: 1, id: expect.any(String), name: "echo", args: { message: "hello from the playground" }, status: "done", result: { content: [{ type: "text", text: "Echo: hello from the playground" }] }, durationMs: expect.any(Number) },
      { kind: "text", step: 2, text: "echo answered: Echo: hello from the playground" },
    ]);
    expect(t.usage.inputTokens).toBeGreaterThan(0);
    expect(t.usage.outputTokens).toBeGreaterThan(0);
    expect(t.latencyMs).toBeGreaterThanOrEqual(t.modelMs);
    // The call went through the tab's own session: the timeline has it, request and response.
    expect(timeline.snapshot().filter((e) => e.method === "tools/call").length - before).toBe(2);
    // The view saw the call running before it saw its result.
    expect(updates.some((u) => u.items.some((i) => i.kind === "call" && i.status === "running"))).toBe(true);
    expect(history.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  it("keeps the conversation across turns", async () => {
    const first = await turn("get sum of 2 and 40");
    expect(first.turn.items.at(-1)).toEqual({ kind: "text", step: 2, text: "get-sum answered: The sum of 2 and 40 is 42." });
    const second = await turn("echo again", { history: first.history });
    expect(second.history.slice(0, first.history.length)).toEqual(first.history);
    expect(second.turn.items.at(-1)).toMatchObject({ kind: "text", text: "echo answered: Echo: again" });
  });

  it("shows a tool's error, the server's refusal of bad arguments and an unknown tool in place", async () => {
    const failed = await turn("out-of-stock please");
    expect(failed.turn.items[1]).toMatchObject({ kind: "call", name: "out-of-stock", status: "error", error: "nothing left in stock" });
    expect(failed.turn.items.at(-1)).toMatchObject({ text: "out-of-stock failed: nothing left in stock" });

    const refused = await turn("get-sum of nothing");
    expect(refused.turn.items[1]).toMatchObject({ kind: "call", name: "get-sum", args: {}, status: "error", error: expect.stringContaining("Input validation error") });

    const unknown = await turn("call teleport to Mars");
    expect(unknown.turn.items[1]).toMatchObject({ kind: "call", name: "teleport", status: "error", error: 'the model called "teleport", which this server does not offer (its tools: echo, get-sum, out-of-stock)' });
    expect(unknown.turn.status).toBe("answered");
  });

  it("stops at the step budget and at the token budget, saying which", async () => {
    const steps = await turn("echo once", { limits: { maxSteps: 1, maxTokens: 20_000 } });
    expect(steps.turn).toMatchObject({ status: "stopped", steps: 1, stopReason: "stopped after 1 model calls: the budget is 1 per turn (max steps)" });
    expect(steps.turn.items.filter((i) => i.kind === "call")).toHaveLength(1);
    const tokens = await turn("echo once", { limits: { maxSteps: 6, maxTokens: 100 } });
    expect(tokens.turn.status).toBe("stopped");
    expect(tokens.turn.stopReason).toMatch(/^stopped after \d+ tokens: the budget is 100 per turn \(max tokens\)$/);
  });

  it("runs an endpoint model's calls the same way, and a malformed call is shown and given back to the model", async () => {
    respond = (request) => {
      const last = request.body.messages.at(-1)!;
      if (last.role === "user") return { toolCalls: [{ name: "echo", arguments: '{"message": ' }] };
      if (request.body.messages.filter((m) => m.role === "tool").length === 1) return { toolCalls: [{ name: "echo", arguments: '{"message":"fixed"}' }] };
      return { text: `The server said: ${String(last.content)}` };
    };
    const { turn: t } = await turn("say something", { model: { kind: "endpoint", endpoint: "fake", model: "tiny" } });
    expect(t.model).toBe("tiny at fake");
    expect(t.items).toEqual([
      { kind: "call", step: 1, id: expect.any(String), name: "echo", args: '{"message": ', status: "error", error: `the model's arguments for echo are not valid JSON: {"message":` },
      { kind: "call", step: 2, id: expect.any(String), name: "echo", args: { message: "fixed" }, status: "done", result: expect.anything(), durationMs: expect.any(Number) },
      { kind: "text", step: 3, text: "The server said: Echo: fixed" },
    ]);
    expect(t.usage).toEqual({ inputTokens: 60, outputTokens: 15 });
  });

  it("fails the turn in words when the model call fails", async () => {
    const updates: PlaygroundTurn[] = [];
    const { turn: t } = await runPlaygroundTurn({
      prompt: "hi",
      history: [],
      tools,
      limits: DEFAULT_LIMITS,
      model: "tiny at down",
      step: (messages, maxOutputTokens) => runModelStep({ model: { kind: "endpoint", endpoint: "down", model: "tiny" }, messages, tools, maxOutputTokens }, async () => ({ baseUrl: downUrl, apiKey: KEY })),
      callTool: () => Promise.reject(new Error("no tool should run")),
      onUpdate: (u) => updates.push(u),
    });
    expect(t.status).toBe("failed");
    expect(t.items).toEqual([{ kind: "model-error", step: 1, error: expect.stringContaining("is unreachable (ECONNREFUSED)") }]);
  });
});
