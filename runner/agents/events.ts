import type { AgentRole } from "./definition.ts";
import type { StopReason, ToolCallStatus, TurnStatus, Usage } from "./conversation-store.ts";
import type { ElicitationAnswer, PendingElicitation } from "./elicitations.ts";

/**
 * A confirmation the user must give before a tool runs, shaped like an MCP elicitation request
 * (message + requestedSchema; answered with accept, decline or cancel), so a client that renders
 * elicitations renders these too.
 */
export interface PendingConfirmation {
  /** What the answer refers to. */
  id: string;
  toolCallId: string;
  name: string;
  deployment: string | null;
  tool: string | null;
  args: unknown;
  message: string;
  requestedSchema: { type: "object"; properties: Record<string, never> };
}

export interface ConfirmationAnswer {
  id: string;
  action: "accept" | "decline" | "cancel";
  reason?: string;
}

export type TurnInput = { message: string } | { confirmations: ConfirmationAnswer[] };

export interface TurnOutcome {
  conversationId: string;
  turn: number;
  status: TurnStatus;
  stopReason: StopReason;
  answer: string | null;
  /** One line, for stopped and failed turns. */
  error: string | null;
  confirmations: PendingConfirmation[];
  /** This turn so far (across a pause for confirmation). */
  steps: number;
  usage: Usage;
}

/** What a caller watching a turn live receives, in order. */
export type TurnEvent =
  | { type: "turn-start"; conversationId: string; turn: number; input: string | ConfirmationAnswer[] }
  | { type: "step-start"; turn: number; step: number; role: AgentRole; model: string }
  | { type: "text-delta"; step: number; role: AgentRole; text: string }
  | { type: "tool-call"; step: number; toolCallId: string; name: string; deployment: string | null; tool: string | null; args: unknown; needsConfirmation: boolean }
  | { type: "tool-result"; toolCallId: string; name: string; status: ToolCallStatus; result: unknown; error: string | null; durationMs: number | null }
  | { type: "confirmation-required"; confirmations: PendingConfirmation[] }
  /** A tool's server asks the user while the call runs; answer it before it times out (declined). */
  | { type: "elicitation-required"; elicitation: PendingElicitation }
  | ({ type: "elicitation-answered"; id: string; toolCallId: string | null } & ElicitationAnswer)
  | { type: "step-finish"; step: number; role: AgentRole; finishReason: string; usage: Usage; text: string }
  | { type: "turn-finish"; outcome: TurnOutcome };
