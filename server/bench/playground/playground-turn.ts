import type { CallOutcome } from "../tools/call-tool.ts";
import type { Json, PlaygroundMessage, PlaygroundTool, StepReply } from "./wire.ts";

/*
 * Where the playground's loop runs, and why: in the page. Each model call is one request to the
 * server (bench.playgroundStep), which holds the tenant's endpoint keys — they never reach the
 * browser — and answers with the model's text and tool calls. The page then runs those calls
 * through the tab's own MCP session, so they reach the server the tab is connected to (hosted,
 * or any remote URL through the bench proxy, with the tab's revision, transport and key) and show
 * in the tab's timeline beside everything else the user did. The server keeps no loop state: the
 * page sends the conversation each time, and the budgets are counted here, per turn.
 */

export interface PlaygroundLimits {
  /** Model calls per turn. */
  maxSteps: number;
  /** Input + output tokens per turn, as the model reports them. */
  maxTokens: number;
}

export const DEFAULT_LIMITS: PlaygroundLimits = { maxSteps: 6, maxTokens: 20_000 };

/** Largest output one model call may ask for; less when the token budget has less left. */
const MAX_OUTPUT_TOKENS = 1_024;
/** A tool result longer than this is cut before it goes back to the model. */
const RESULT_CHARS_FOR_MODEL = 20_000;

export type TraceItem =
  | { kind: "text"; step: number; text: string }
  | { kind: "call"; step: number; id: string; name: string; args: unknown; status: "running" | "done" | "error"; result?: unknown; error?: string; durationMs?: number }
  | { kind: "model-error"; step: number; error: string };

export type TurnStatus = "running" | "answered" | "stopped" | "failed" | "cancelled";

export interface PlaygroundTurn {
  prompt: string;
  model: string;
  items: TraceItem[];
  steps: number;
  usage: { inputTokens: number; outputTokens: number };
  /** Time spent in model calls, as the server measured them. */
  modelMs: number;
  /** Wall time of the whole turn, tool calls included. */
  latencyMs: number;
  status: TurnStatus;
  /** Why the turn ended when it did not end with an answer, in words. */
  stopReason?: string;
}

/** What running one tool call came to, for the trace (`result`) and for the model (`value`). */
export type ToolRun = { ok: true; value: unknown; result: unknown; ms: number } | { ok: false; error: string; result?: unknown; ms: number };

export interface TurnRequest {
  prompt: string;
  /** The conversation so far, as the model saw it. */
  history: PlaygroundMessage[];
  tools: PlaygroundTool[];
  limits: PlaygroundLimits;
  /** One model call (the server's bench.playgroundStep). */
  step(messages: PlaygroundMessage[], maxOutputTokens: number, signal: AbortSignal | undefined): Promise<StepReply>;
  callTool(name: string, args: unknown, signal: AbortSignal | undefined): Promise<ToolRun>;
  onUpdate?(turn: PlaygroundTurn): void;
  signal?: AbortSignal;
  /** The model's label before its first reply names it. */
  model: string;
  now?: () => number;
}

/**
 * One turn: model call, then its tool calls one after another through the connection, then the
 * next model call with their results — until the model answers without calling a tool, a budget
 * runs out, the model call fails, or the user stops it. Returns the turn and the conversation with
 * this turn in it; every change is reported to onUpdate as a new object, so a view can keep it.
 */
export async function runPlaygroundTurn(request: TurnRequest): Promise<{ turn: PlaygroundTurn; history: PlaygroundMessage[] }> {
  const now = request.now ?? (() => performance.now());
  const started = now();
  const { limits, signal } = request;
  const messages: PlaygroundMessage[] = [...request.history, { role: "user", text: request.prompt }];
  let turn: PlaygroundTurn = { prompt: request.prompt, model: request.model, items: [], steps: 0, usage: { inputTokens: 0, outputTokens: 0 }, modelMs: 0, latencyMs: 0, status: "running" };
  const update = (change: Partial<PlaygroundTurn>) => {
    turn = { ...turn, ...change, latencyMs: Math.round(now() - started) };
    request.onUpdate?.(turn);
  };
  const setItem = (index: number, item: TraceItem) => update({ items: turn.items.map((existing, i) => (i === index ? item : existing)) });
  const tokens = () => turn.usage.inputTokens + turn.usage.outputTokens;
  update({});

  for (;;) {
    if (signal?.aborted) return finish("cancelled", "stopped by you");
    if (turn.steps >= limits.maxSteps) return finish("stopped", `stopped after ${turn.steps} model calls: the budget is ${limits.maxSteps} per turn (max steps)`);
    if (tokens() >= limits.maxTokens) return finish("stopped", `stopped after ${tokens()} tokens: the budget is ${limits.maxTokens} per turn (max tokens)`);
    const step = turn.steps + 1;
    let reply: StepReply;
    try {
      reply = await request.step(messages, Math.max(16, Math.min(MAX_OUTPUT_TOKENS, limits.maxTokens - tokens())), signal);
    } catch (error) {
      if (signal?.aborted) return finish("cancelled", "stopped by you");
      update({ steps: step, items: [...turn.items, { kind: "model-error", step, error: `the model call did not complete: ${(error as Error).message}` }] });
      return finish("failed", "the model call failed");
    }
    if (!reply.ok) {
      update({ steps: step, model: reply.model, modelMs: turn.modelMs + reply.latencyMs, items: [...turn.items, { kind: "model-error", step, error: reply.error }] });
      return finish("failed", "the model call failed");
    }
    update({
      steps: step,
      model: reply.model,
      modelMs: turn.modelMs + reply.latencyMs,
      usage: { inputTokens: turn.usage.inputTokens + reply.usage.inputTokens, outputTokens: turn.usage.outputTokens + reply.usage.outputTokens },
      items: reply.text ? [...turn.items, { kind: "text", step, text: reply.text }] : turn.items,
    });
    messages.push({ role: "assistant", text: reply.text, calls: reply.calls.map((call) => ({ id: call.id, name: call.name, input: jsonSafe(call.input) })) });
    if (reply.calls.length === 0) return finish("answered");

    const results: Extract<PlaygroundMessage, { role: "tool" }>["results"] = [];
    for (const call of reply.calls) {
      const index = turn.items.length;
      const item = { kind: "call" as const, step, id: call.id, name: call.name, args: call.input };
      if (call.problem) {
        update({ items: [...turn.items, { ...item, status: "error", error: call.problem }] });
        results.push({ id: call.id, name: call.name, output: { type: "error", message: call.problem } });
        continue;
      }
      update({ items: [...turn.items, { ...item, status: "running" }] });
      const run = await request.callTool(call.name, call.input, signal);
      setItem(index, run.ok ? { ...item, status: "done", result: run.result, durationMs: run.ms } : { ...item, status: "error", error: run.error, ...(run.result !== undefined ? { result: run.result } : {}), durationMs: run.ms });
      results.push({ id: call.id, name: call.name, output: run.ok ? { type: "value", value: forModel(run.value) } : { type: "error", message: run.error } });
    }
    messages.push({ role: "tool", results });
  }

  function finish(status: TurnStatus, stopReason?: string) {
    update({ status, ...(stopReason ? { stopReason } : {}) });
    return { turn, history: messages };
  }
}

/** A tool call's outcome in the bench's terms (call-tool.ts), as the trace and the model need it. */
export function toolRunOf(outcome: CallOutcome): ToolRun {
  switch (outcome.kind) {
    case "result": {
      const { result } = outcome;
      if (result.isError) return { ok: false, error: contentText(result.content) || "the tool reported an error without saying why", result, ms: outcome.ms };
      return { ok: true, value: result.structuredContent ?? parseMaybe(contentText(result.content)), result, ms: outcome.ms };
    }
    case "rpc-error":
      return { ok: false, error: `${outcome.message} (JSON-RPC error ${outcome.code})`, ms: outcome.ms };
    case "timeout":
      return { ok: false, error: `no answer within ${outcome.limitMs} ms`, ms: outcome.ms };
    case "cancelled":
      return { ok: false, error: "cancelled", ms: outcome.ms };
    case "failed":
      return { ok: false, error: outcome.message, ms: outcome.ms };
  }
}

function contentText(content: unknown[]): string {
  return content
    .map((block) => {
      const b = block as { type?: string; text?: string };
      return b.type === "text" ? (b.text ?? "") : `[${b.type ?? "unknown"} content]`;
    })
    .join("\n");
}

function parseMaybe(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

function forModel(value: unknown): Json {
  const safe = jsonSafe(value);
  const text = typeof safe === "string" ? safe : JSON.stringify(safe);
  if (text.length <= RESULT_CHARS_FOR_MODEL) return safe;
  return `${text.slice(0, RESULT_CHARS_FOR_MODEL)}… (cut: the result has ${text.length} characters)`;
}

/** A value as JSON carries it (undefined becomes null), so the server's schema accepts it. */
function jsonSafe(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Json;
}
