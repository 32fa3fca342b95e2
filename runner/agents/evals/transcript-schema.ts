import { z } from "zod";
import type { StopReason, ToolCallStatus, TurnStatus } from "../conversation-store.ts";
import type { AgentRole } from "../definition.ts";
import type { Transcript } from "./transcript.ts";

/**
 * A recorded transcript as a file holds it (the shape of transcript.ts, e.g. a case's golden
 * file), checked before evals run over it offline: a wrong file is named by its JSON path.
 */
const turnStatuses = ["running", "awaiting_confirmation", "completed", "stopped", "failed", "interrupted"] as const satisfies readonly TurnStatus[];
const stopReasons = ["completed", "awaiting_confirmation", "step_budget", "token_budget", "time_budget", "context_overflow", "model_error", "tool_unavailable", "cancelled", "interrupted"] as const satisfies readonly StopReason[];
const callStatuses = ["running", "awaiting_confirmation", "declined", "done", "error"] as const satisfies readonly ToolCallStatus[];
const roles = ["planner", "executor", "reviewer"] as const satisfies readonly AgentRole[];

const toolCallSchema = z.object({
  name: z.string(),
  deployment: z.string().nullable(),
  tool: z.string().nullable(),
  args: z.unknown(),
  status: z.enum(callStatuses),
  result: z.unknown(),
  error: z.string().nullable(),
  confirmation: z.enum(["accept", "decline", "cancel", "pending"]).nullable(),
});

const turnSchema = z.object({
  index: z.number().int().min(1),
  input: z.string(),
  steps: z.array(
    z.object({
      index: z.number().int().min(1),
      role: z.enum(roles),
      text: z.string(),
      finishReason: z.string(),
      toolCalls: z.array(toolCallSchema),
    }),
  ),
  answer: z.string().nullable(),
  status: z.enum(turnStatuses),
  stopReason: z.enum(stopReasons).nullable(),
  error: z.string().nullable(),
  usage: z.object({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) }),
});

export const transcriptSchema = z.object({
  agent: z.object({ id: z.string(), version: z.string() }),
  turns: z.array(turnSchema).min(1, { error: "expected at least one turn" }),
}) satisfies z.ZodType<Transcript>;
