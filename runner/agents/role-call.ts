import { type ModelMessage, streamText } from "ai";
import { type TurnBudget, usageOf } from "./budget.ts";
import { estimateTokens, trimToWindow } from "./context-window.ts";
import { MODEL_RETRIES } from "./model-errors.ts";
import type { AgentRole, ModelSpec } from "./definition.ts";
import { ContextOverflowError } from "./errors.ts";
import type { LanguageModelV3 } from "./model-types.ts";
import type { TurnRecorder } from "./turn-recorder.ts";

export interface RoleCallRequest {
  role: Exclude<AgentRole, "executor">;
  model: LanguageModelV3;
  spec: ModelSpec;
  system: string;
  messages: ModelMessage[];
  budget: TurnBudget;
  signal: AbortSignal;
  recorder: TurnRecorder;
}

export interface RoleCallResult {
  text: string;
  error: unknown;
  aborted: boolean;
}

/**
 * One model call without tools, for the planner (a plan the executor follows) or the reviewer
 * (a check of the executor's answer): streamed to the caller, recorded as a step of the turn,
 * counted against the same budgets, under the same context policy.
 */
export async function runRoleCall(request: RoleCallRequest): Promise<RoleCallResult> {
  const { role, model, spec, system, budget, signal, recorder } = request;
  const trimmed = trimToWindow({ messages: request.messages, fixedTokens: estimateTokens(system), contextWindow: spec.contextWindow, maxOutputTokens: spec.maxOutputTokens });
  if (!trimmed.fits) {
    return { text: "", error: new ContextOverflowError(`the ${role}'s prompt needs about ${trimmed.tokens} tokens but its model's window leaves ${Math.max(0, trimmed.budget)}`), aborted: false };
  }
  const step = budget.steps + 1;
  const startedAt = Date.now();
  const modelName = `${model.provider}:${model.modelId}`;
  recorder.emit({ type: "step-start", turn: recorder.turn, step, role, model: modelName });
  let text = "";
  let error: unknown;
  let aborted = false;
  const result = streamText({
    model,
    system: trimmed.note ? `${system}\n\n${trimmed.note}` : system,
    messages: trimmed.messages,
    maxOutputTokens: spec.maxOutputTokens,
    maxRetries: MODEL_RETRIES,
    ...(spec.provider === "openai-compatible" && spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
    abortSignal: signal,
    onError: () => {},
  });
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      text += part.text;
      recorder.emit({ type: "text-delta", step, role, text: part.text });
    } else if (part.type === "finish-step") {
      const usage = usageOf(part.usage);
      budget.record(usage);
      const meta = (part.providerMetadata as Record<string, unknown> | undefined)?.switchyard;
      recorder.addStep({
        turn: recorder.turn,
        index: step,
        role,
        model: modelName,
        text,
        finishReason: part.finishReason,
        usage,
        detail: { context: { messages: trimmed.messages.length, tokens: trimmed.tokens, droppedTurns: trimmed.droppedTurns, stubbedOutputs: trimmed.stubbedOutputs }, ...(meta ? { provider: meta } : {}) },
        startedAt: new Date(startedAt),
        durationMs: Date.now() - startedAt,
      });
      recorder.emit({ type: "step-finish", step, role, finishReason: part.finishReason, usage, text });
    } else if (part.type === "error") {
      error ??= part.error;
    } else if (part.type === "abort") {
      aborted = true;
    }
  }
  return { text, error, aborted };
}
