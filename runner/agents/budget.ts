import type { Budgets } from "./definition.ts";
import type { StopReason, Usage } from "./conversation-store.ts";

/**
 * What is left of a turn's budgets. Steps (model calls, every role) and tokens (in + out) add up
 * across a pause for confirmation; wall time is per run, since the user's time to answer is not
 * the agent's. Token and step limits are checked after each model call — a call is never cut off
 * midway — and the time limit aborts whatever is running, tool calls included.
 */
export class TurnBudget {
  steps: number;
  usage: Usage;

  constructor(
    readonly limits: Budgets,
    used: { steps: number; usage: Usage },
  ) {
    this.steps = used.steps;
    this.usage = { ...used.usage };
  }

  record(usage: Usage): void {
    this.steps++;
    this.usage = { inputTokens: this.usage.inputTokens + usage.inputTokens, outputTokens: this.usage.outputTokens + usage.outputTokens };
  }

  get tokens(): number {
    return this.usage.inputTokens + this.usage.outputTokens;
  }

  /** Would another model call exceed a limit? Which one, first steps then tokens. */
  exhausted(): Extract<StopReason, "step_budget" | "token_budget"> | undefined {
    if (this.steps >= this.limits.maxSteps) return "step_budget";
    if (this.tokens >= this.limits.maxTokens) return "token_budget";
    return undefined;
  }

  describe(reason: Extract<StopReason, "step_budget" | "token_budget" | "time_budget">): string {
    if (reason === "step_budget") return `stopped after ${this.steps} model calls: the agent's budget is ${this.limits.maxSteps} per turn (budgets.maxSteps)`;
    if (reason === "token_budget") return `stopped after ${this.tokens} tokens: the agent's budget is ${this.limits.maxTokens} per turn (budgets.maxTokens)`;
    return `stopped after ${this.limits.maxSeconds} s: the agent's time budget per run (budgets.maxSeconds)`;
  }
}

/** Per-step usage from the AI SDK's shape, undefined counts as 0. */
export function usageOf(usage: { inputTokens?: number | undefined; outputTokens?: number | undefined } | undefined): Usage {
  return { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 };
}
