import { type ModelMessage, streamText } from "ai";
import { type TurnBudget, usageOf } from "./budget.ts";
import { estimateTokens, trimToWindow } from "./context-window.ts";
import { MODEL_RETRIES } from "./model-errors.ts";
import type { ModelSpec } from "./definition.ts";
import { ContextOverflowError } from "./errors.ts";
import type { PendingConfirmation } from "./events.ts";
import type { LanguageModelV3 } from "./model-types.ts";
import type { ToolSession } from "./tools.ts";
import type { TurnRecorder } from "./turn-recorder.ts";

export interface ToolLoopRequest {
  model: LanguageModelV3;
  spec: ModelSpec;
  system: string;
  history: ModelMessage[];
  session: ToolSession;
  budget: TurnBudget;
  signal: AbortSignal;
  recorder: TurnRecorder;
  /** Who the confirmations speak for, e.g. the agent's name. */
  agentName: string;
}

export interface ToolLoopResult {
  /** The text of the last model call, when the model finished on its own (no tool calls left). */
  answer: string | null;
  /** Why the last model call ended: stop, tool-calls, length, error… */
  finishReason: string | undefined;
  pending: PendingConfirmation[];
  /** A model or stream error (context overflow included); undefined when there was none. */
  error: unknown;
  aborted: boolean;
}

/**
 * The executor's tool loop: the AI SDK's streamText with the agent's tools, its budgets as stop
 * conditions, the context policy before each model call, and every step, tool call, result and
 * confirmation request recorded as it happens. Stops on its own when the model answers, when a
 * call needs the user's confirmation, when a budget runs out, or on an error.
 */
export async function runToolLoop(request: ToolLoopRequest): Promise<ToolLoopResult> {
  const { model, spec, system, history, session, budget, signal, recorder, agentName } = request;
  const toolsTokens = estimateTokens(
    [...session.catalog.values()].map((tool) => ({ name: tool.name, description: tool.description, schema: (session.tools[tool.name] as { inputSchema?: unknown } | undefined)?.inputSchema })),
  );
  const contextOf = new Map<number, Record<string, unknown>>();
  const started = new Map<string, number>();
  const pending: PendingConfirmation[] = [];
  let persisted = 0;
  const stepsBefore = budget.steps;
  const tokensBefore = budget.tokens;
  let step = budget.steps;
  /** 0-based within this streamText call, as prepareStep numbers them. */
  let callStep = -1;
  let stepStartedAt = Date.now();
  let stepText = "";
  let lastText = "";
  let finishReason: string | undefined;
  let error: unknown;
  let aborted = false;

  const result = streamText({
    model,
    system,
    messages: history,
    tools: session.tools,
    maxOutputTokens: spec.maxOutputTokens,
    maxRetries: MODEL_RETRIES,
    ...(spec.provider === "openai-compatible" && spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
    abortSignal: signal,
    stopWhen: ({ steps }) => {
      // After each model call that ended in tool calls: would another call exceed a budget? From
      // the SDK's own step list, not the counters below, which the stream reader updates later.
      const tokens = steps.reduce((sum, s) => sum + (s.usage.inputTokens ?? 0) + (s.usage.outputTokens ?? 0), 0);
      return stepsBefore + steps.length >= budget.limits.maxSteps || tokensBefore + tokens >= budget.limits.maxTokens;
    },
    prepareStep: ({ messages, stepNumber }) => {
      const trimmed = trimToWindow({ messages, fixedTokens: estimateTokens(system) + toolsTokens, contextWindow: spec.contextWindow, maxOutputTokens: spec.maxOutputTokens });
      if (!trimmed.fits) {
        throw new ContextOverflowError(
          `the current turn needs about ${trimmed.tokens} tokens but the model's window leaves ${Math.max(0, trimmed.budget)} for messages (contextWindow ${spec.contextWindow} − maxOutputTokens ${spec.maxOutputTokens} − instructions and tools); use a model with a larger window or shorten the tools' outputs`,
        );
      }
      contextOf.set(stepNumber, { messages: trimmed.messages.length, tokens: trimmed.tokens, droppedTurns: trimmed.droppedTurns, stubbedOutputs: trimmed.stubbedOutputs });
      if (trimmed.droppedTurns === 0 && trimmed.stubbedOutputs === 0) return {};
      return { messages: trimmed.messages, system: `${system}\n\n${trimmed.note}` };
    },
    onStepFinish: (finished) => {
      const fresh = finished.response.messages.slice(persisted);
      persisted = finished.response.messages.length;
      recorder.appendMessages(fresh);
    },
    // Errors are read from the stream below; without this the SDK would also print them.
    onError: () => {},
  });

  for await (const part of result.fullStream) {
    switch (part.type) {
      case "start-step":
        step++;
        callStep++;
        stepStartedAt = Date.now();
        stepText = "";
        recorder.emit({ type: "step-start", turn: recorder.turn, step, role: "executor", model: `${model.provider}:${model.modelId}` });
        break;
      case "text-delta":
        stepText += part.text;
        recorder.emit({ type: "text-delta", step, role: "executor", text: part.text });
        break;
      case "tool-call": {
        const entry = session.catalog.get(part.toolName);
        started.set(part.toolCallId, Date.now());
        recorder.saveCall({
          id: part.toolCallId,
          turn: recorder.turn,
          step,
          name: part.toolName,
          deployment: entry?.deployment ?? null,
          tool: entry?.tool ?? null,
          args: part.input,
          status: "running",
          result: null,
          error: null,
          confirmation: null,
          durationMs: null,
        });
        recorder.emit({ type: "tool-call", step, toolCallId: part.toolCallId, name: part.toolName, deployment: entry?.deployment ?? null, tool: entry?.tool ?? null, args: part.input, needsConfirmation: entry?.needsConfirmation ?? false });
        break;
      }
      case "tool-approval-request": {
        const call = recorder.updateCall(part.toolCall.toolCallId, { status: "awaiting_confirmation", confirmation: { id: part.approvalId } });
        const entry = session.catalog.get(part.toolCall.toolName);
        pending.push({
          id: part.approvalId,
          toolCallId: part.toolCall.toolCallId,
          name: part.toolCall.toolName,
          deployment: entry?.deployment ?? null,
          tool: entry?.tool ?? null,
          args: call?.args ?? part.toolCall.input,
          message: confirmationMessage(agentName, entry?.tool ?? part.toolCall.toolName, entry?.deployment ?? null, entry?.description, part.toolCall.input),
          requestedSchema: { type: "object", properties: {} },
        });
        break;
      }
      case "tool-result": {
        if (part.preliminary) break;
        const durationMs = elapsed(started, part.toolCallId);
        // A call whose server asked the user, and was not told yes, ran but changed nothing: declined.
        const asked = recorder.calls.get(part.toolCallId)?.confirmation;
        const status = asked?.via === "elicitation" && asked.action !== "accept" ? "declined" : "done";
        recorder.updateCall(part.toolCallId, { status, result: part.output, durationMs });
        recorder.emit({ type: "tool-result", toolCallId: part.toolCallId, name: part.toolName, status, result: part.output, error: null, durationMs });
        break;
      }
      case "tool-error": {
        const message = part.error instanceof Error ? part.error.message : String(part.error);
        const durationMs = elapsed(started, part.toolCallId);
        recorder.updateCall(part.toolCallId, { status: "error", error: message, durationMs });
        recorder.emit({ type: "tool-result", toolCallId: part.toolCallId, name: part.toolName, status: "error", result: null, error: message, durationMs });
        break;
      }
      case "tool-output-denied":
        recorder.updateCall(part.toolCallId, { status: "declined" });
        recorder.emit({ type: "tool-result", toolCallId: part.toolCallId, name: part.toolName, status: "declined", result: null, error: null, durationMs: null });
        break;
      case "finish-step": {
        const usage = usageOf(part.usage);
        budget.record(usage);
        finishReason = part.finishReason;
        lastText = stepText;
        const meta = (part.providerMetadata as Record<string, unknown> | undefined)?.switchyard;
        recorder.addStep({
          turn: recorder.turn,
          index: step,
          role: "executor",
          model: `${model.provider}:${model.modelId}`,
          text: stepText,
          finishReason: part.finishReason,
          usage,
          detail: { context: contextOf.get(callStep) ?? null, ...(meta ? { provider: meta } : {}) },
          startedAt: new Date(stepStartedAt),
          durationMs: Date.now() - stepStartedAt,
        });
        recorder.emit({ type: "step-finish", step, role: "executor", finishReason: part.finishReason, usage, text: stepText });
        break;
      }
      case "error":
        error ??= part.error;
        break;
      case "abort":
        aborted = true;
        break;
      default:
        break;
    }
  }
  return { answer: finishReason === "stop" || finishReason === "length" ? lastText : null, finishReason, pending, error, aborted };
}

function elapsed(started: Map<string, number>, id: string): number | null {
  const at = started.get(id);
  return at === undefined ? null : Date.now() - at;
}

function confirmationMessage(agentName: string, tool: string, deployment: string | null, description: string | undefined, input: unknown): string {
  const where = deployment ? ` on ${deployment}` : "";
  const what = description ? ` (${description.replace(/\s+/g, " ").slice(0, 200)})` : "";
  return `${agentName} wants to run ${tool}${where}${what} with ${JSON.stringify(input)}. Allow it?`;
}
