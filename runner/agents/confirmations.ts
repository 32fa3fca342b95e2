import type { ModelMessage } from "ai";
import type { ToolCallRecord } from "./conversation-store.ts";
import { AgentRuntimeError } from "./errors.ts";
import type { ConfirmationAnswer } from "./events.ts";

/** Every pending confirmation answered once, and nothing else. */
export function checkAnswers(answers: ConfirmationAnswer[], pending: ToolCallRecord[]): void {
  const ids = new Set(pending.map((call) => call.confirmation?.id));
  const unknown = answers.filter((answer) => !ids.has(answer.id));
  if (unknown.length > 0) throw new AgentRuntimeError("BAD_REQUEST", `confirmations: no pending confirmation ${unknown.map((a) => a.id).join(", ")}; pending: ${[...ids].join(", ")}`);
  const answered = new Set(answers.map((answer) => answer.id));
  if (answered.size !== answers.length) throw new AgentRuntimeError("BAD_REQUEST", "confirmations: each confirmation may be answered once");
  const missing = pending.filter((call) => !answered.has(call.confirmation?.id ?? ""));
  if (missing.length > 0) throw new AgentRuntimeError("BAD_REQUEST", `confirmations: answer every pending confirmation; missing ${missing.map((call) => `${call.confirmation?.id} (${call.name})`).join(", ")}`);
}

/** The user's answers as the AI SDK takes them: approval responses in a tool message. */
export function approvalMessage(answers: ConfirmationAnswer[]): ModelMessage {
  return {
    role: "tool",
    content: answers.map((answer) => ({
      type: "tool-approval-response" as const,
      approvalId: answer.id,
      approved: answer.action === "accept",
      ...(answer.reason ? { reason: answer.reason } : answer.action === "accept" ? {} : { reason: answer.action === "cancel" ? "the user dismissed the confirmation" : "the user declined" }),
    })),
  };
}
