import { z } from "zod";
import { evalCheckSchema } from "./checks.ts";

/**
 * A scripted conversation: what the user says, and how they answer the confirmations the agent
 * asks for. A `confirm` step answers every pending confirmation of the turn before it; `tool`,
 * when given, must be among the tools asked about (so a script notices when the agent asks about
 * something else). An `elicit` step answers the next question a tool's server asks while the turn
 * before it runs (MCP elicitation): on accept, the form's defaults with `content` over them.
 */
export const conversationStepSchema = z.union([
  z.object({ user: z.string().min(1) }).strict(),
  z.object({ confirm: z.enum(["accept", "decline", "cancel"]), tool: z.string().optional(), reason: z.string().optional() }).strict(),
  z
    .object({
      elicit: z.enum(["accept", "decline", "cancel"]),
      tool: z.string().optional(),
      content: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    })
    .strict(),
]);

export type ConversationStep = z.infer<typeof conversationStepSchema>;

export const evalCaseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "expected a lowercase id, e.g. lost-parcel" }),
    description: z.string().optional(),
    conversation: z.array(conversationStepSchema).min(1),
    checks: z.array(evalCheckSchema).min(1),
    /** Share of runs that must pass every check for the case to pass (1 = all of them). */
    minPassRate: z.number().min(0).max(1).default(1),
  })
  .strict();

export type EvalCase = z.infer<typeof evalCaseSchema>;

export const evalSuiteSchema = z
  .object({
    /** The agent the suite is for (its id). */
    agent: z.string().min(1),
    cases: z
      .array(evalCaseSchema)
      .min(1)
      .refine((cases) => new Set(cases.map((c) => c.id)).size === cases.length, { error: "case ids must be unique" }),
  })
  .strict();

export type EvalSuite = z.infer<typeof evalSuiteSchema>;
export type EvalSuiteInput = z.input<typeof evalSuiteSchema>;
