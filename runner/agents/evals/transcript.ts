import type { ConversationStore, StopReason, ToolCallStatus, TurnStatus, Usage } from "../conversation-store.ts";
import type { AgentRole } from "../definition.ts";
import { resultView } from "../tool-result-view.ts";

/**
 * A conversation as evals and golden files see it: turns, their steps and tool calls, the answers
 * and why each turn ended — no ids, clocks or durations, so two runs of a deterministic agent give
 * equal transcripts.
 */
export interface Transcript {
  agent: { id: string; version: string };
  turns: TranscriptTurn[];
}

export interface TranscriptTurn {
  index: number;
  input: string;
  steps: TranscriptStep[];
  answer: string | null;
  status: TurnStatus;
  stopReason: StopReason | null;
  error: string | null;
  usage: Usage;
}

export interface TranscriptStep {
  index: number;
  role: AgentRole;
  text: string;
  finishReason: string;
  toolCalls: TranscriptToolCall[];
}

export interface TranscriptToolCall {
  /** The name the model used. */
  name: string;
  deployment: string | null;
  /** The tool's own name on its server. */
  tool: string | null;
  args: unknown;
  status: ToolCallStatus;
  /** The result's structured content when it has one, else its text. */
  result: unknown;
  error: string | null;
  /** The user's answer, for a call that needed confirmation. */
  confirmation: "accept" | "decline" | "cancel" | "pending" | null;
  /** When the tool's server asked the user itself: its question, and the values the user sent. */
  elicitation?: { message: string; requestedSchema: unknown; content: Record<string, string | number | boolean> | null; reason: string | null };
}

export async function readTranscript(store: ConversationStore, conversationId: string): Promise<Transcript> {
  const conversation = await store.get(conversationId);
  if (!conversation) throw new Error(`no conversation ${conversationId}`);
  const [turns, steps, calls] = await Promise.all([store.turns(conversationId), store.steps(conversationId), store.toolCalls(conversationId)]);
  return {
    agent: { id: conversation.agentId, version: conversation.agentVersion },
    turns: turns.map((turn) => ({
      index: turn.index,
      input: turn.input,
      steps: steps
        .filter((step) => step.turn === turn.index)
        .map((step) => ({
          index: step.index,
          role: step.role,
          text: step.text,
          finishReason: step.finishReason,
          toolCalls: calls
            .filter((call) => call.turn === turn.index && call.step === step.index)
            .map((call) => ({
              name: call.name,
              deployment: call.deployment,
              tool: call.tool,
              args: call.args,
              status: call.status,
              // A call declined through its server's question still answered (saying what it left unchanged).
              result: call.status === "done" || (call.status === "declined" && call.result !== null) ? resultView(call.result) : null,
              error: call.error,
              confirmation: call.confirmation ? (call.confirmation.action ?? "pending") : null,
              ...(call.confirmation?.via === "elicitation"
                ? {
                    elicitation: {
                      message: call.confirmation.message ?? "",
                      requestedSchema: call.confirmation.requestedSchema ?? null,
                      content: call.confirmation.content ?? null,
                      reason: call.confirmation.reason ?? null,
                    },
                  }
                : {}),
            })),
        })),
      answer: turn.answer,
      status: turn.status,
      stopReason: turn.stopReason,
      error: turn.error,
      usage: turn.usage,
    })),
  };
}

/** Every tool call of the transcript (or of one turn), in order. */
export function toolCallsOf(transcript: Transcript, turn?: number): TranscriptToolCall[] {
  return transcript.turns.filter((t) => turn === undefined || t.index === turn).flatMap((t) => t.steps.flatMap((step) => step.toolCalls));
}
