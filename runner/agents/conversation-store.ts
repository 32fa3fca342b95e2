import type { ModelMessage } from "ai";
import type { AgentRole } from "./definition.ts";
import type { ElicitationSchema } from "./elicitations.ts";

/**
 * Where conversations live. The runtime reads and writes only through this interface; the
 * product's implementation is PostgreSQL/PGlite through Prisma (server/agents/prisma-conversation-store.ts),
 * and conversation-store.contract.ts holds both it and the in-memory one to the same behaviour.
 */

export type ConversationStatus = "idle" | "running" | "awaiting_confirmation";

export type TurnStatus = "running" | "awaiting_confirmation" | "completed" | "stopped" | "failed" | "interrupted";

/**
 * Why a turn ended:
 * - completed: the agent answered;
 * - awaiting_confirmation: paused until the user answers its confirmations;
 * - step_budget / token_budget / time_budget: a budget of the agent definition ran out;
 * - context_overflow: even trimmed (see context-window.ts), the turn does not fit the model's window;
 * - model_error: the model failed (unreachable endpoint, wrong key, a script error, a malformed reply);
 * - tool_unavailable: a deployment could not be opened through the gateway (key, scope, name, down);
 * - cancelled: the caller went away;
 * - interrupted: the process running it stopped; found and recorded when the conversation resumes.
 */
export type StopReason =
  | "completed"
  | "awaiting_confirmation"
  | "step_budget"
  | "token_budget"
  | "time_budget"
  | "context_overflow"
  | "model_error"
  | "tool_unavailable"
  | "cancelled"
  | "interrupted";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface ConversationRecord {
  id: string;
  tenantId: string;
  agentId: string;
  agentVersion: string;
  title: string;
  status: ConversationStatus;
  /** While running: when the run is considered dead if it has not released the conversation. */
  leaseUntil: Date | null;
  /** Turns started so far; the current (or last) turn's index. */
  turns: number;
  usage: Usage;
  createdAt: Date;
  updatedAt: Date;
}

export interface TurnRecord {
  index: number;
  /** The user's message that started the turn. */
  input: string;
  status: TurnStatus;
  stopReason: StopReason | null;
  /** The agent's final answer, when it gave one. */
  answer: string | null;
  /** What went wrong, in one line, for failed and stopped turns. */
  error: string | null;
  /** Model calls so far, all roles. */
  steps: number;
  usage: Usage;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface StepRecord {
  turn: number;
  /** 1-based within the turn, across roles. */
  index: number;
  role: AgentRole;
  /** provider:model, e.g. switchyard.scripted:script:customer-service. */
  model: string;
  text: string;
  finishReason: string;
  usage: Usage;
  /** What the context policy did for this call, and provider details (e.g. the script rule that fired). */
  detail: Record<string, unknown>;
  startedAt: Date;
  durationMs: number;
}

export type ToolCallStatus = "running" | "awaiting_confirmation" | "declined" | "done" | "error";

export interface ToolCallRecord {
  /** The model's tool call id. */
  id: string;
  turn: number;
  step: number;
  /** The name the model used. */
  name: string;
  /** Where it went; null for a tool the agent does not have. */
  deployment: string | null;
  tool: string | null;
  args: unknown;
  status: ToolCallStatus;
  result: unknown;
  error: string | null;
  /**
   * For a tool that needs confirmation: the request's id and, once answered, the answer. When the
   * tool's server asked the user itself (via "elicitation"), also its question, form and the
   * values the user sent.
   */
  confirmation: {
    id: string;
    action?: "accept" | "decline" | "cancel";
    reason?: string;
    via?: "elicitation";
    message?: string;
    requestedSchema?: ElicitationSchema;
    content?: Record<string, string | number | boolean>;
  } | null;
  durationMs: number | null;
}

export interface NewConversation {
  tenantId: string;
  agentId: string;
  agentVersion: string;
  title: string;
}

export interface ConversationStore {
  create(conversation: NewConversation): Promise<ConversationRecord>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /**
   * Compare-and-set on (status, leaseUntil): takes the conversation for one run only when it is
   * still as the caller read it, so two runs never interleave. False when someone else won.
   */
  claim(id: string, seen: Pick<ConversationRecord, "status" | "leaseUntil">, next: { status: ConversationStatus; leaseUntil: Date | null; turns?: number }): Promise<boolean>;
  /** Ends a run: the new status, lease cleared, the turn's usage added to the conversation's. */
  release(id: string, next: { status: ConversationStatus; usage: Usage }): Promise<void>;

  /** The model messages of the whole conversation, oldest first. */
  messages(id: string): Promise<ModelMessage[]>;
  appendMessages(id: string, turn: number, messages: ModelMessage[]): Promise<void>;

  startTurn(id: string, turn: Pick<TurnRecord, "index" | "input" | "startedAt">): Promise<void>;
  updateTurn(id: string, index: number, patch: Partial<Omit<TurnRecord, "index" | "input" | "startedAt">>): Promise<void>;
  turns(id: string): Promise<TurnRecord[]>;

  addStep(id: string, step: StepRecord): Promise<void>;
  steps(id: string): Promise<StepRecord[]>;

  /** Inserts or replaces the call with this id in this conversation. */
  saveToolCall(id: string, call: ToolCallRecord): Promise<void>;
  toolCalls(id: string): Promise<ToolCallRecord[]>;
}

export class ConversationNotFoundError extends Error {
  constructor(id: string) {
    super(`no conversation ${id}`);
    this.name = "ConversationNotFoundError";
  }
}
