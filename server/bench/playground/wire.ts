import { z } from "zod";

/**
 * What the bench playground sends for one model call, and what it gets back. The page keeps the
 * conversation and the loop (playground-turn.ts); the server only runs the model step, so these
 * shapes carry the whole conversation each time and are bounded here.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** Past this, a conversation is too long for one request; the page starts a new one. */
export const MAX_STEP_REQUEST_CHARS = 1_000_000;

export const playgroundModelSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("scripted") }).strict(),
    z
      .object({
        kind: z.literal("endpoint"),
        endpoint: z.string().regex(NAME, { error: "expected the name of one of your model endpoints, e.g. my-openai" }),
        model: z.string().trim().min(1, { error: "expected the model's id at that endpoint, e.g. gpt-4o-mini" }).max(200),
      })
      .strict(),
  ],
  { error: 'expected a model with kind "scripted" or "endpoint"' },
);

export type PlaygroundModelChoice = z.infer<typeof playgroundModelSchema>;

const json = z.json();
/** A JSON value, as the wire carries it. */
export type Json = z.infer<typeof json>;

const toolName = z.string().min(1).max(128);
const callId = z.string().min(1).max(200);

const toolOutputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("value"), value: z.json() }).strict(),
  z.object({ type: z.literal("error"), message: z.string().max(20_000) }).strict(),
]);

export const playgroundMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("user"), text: z.string().trim().min(1, { error: "expected a message" }).max(20_000) }).strict(),
  z
    .object({
      role: z.literal("assistant"),
      text: z.string().max(100_000),
      calls: z.array(z.object({ id: callId, name: toolName, input: z.json() }).strict()).max(16),
    })
    .strict(),
  z
    .object({
      role: z.literal("tool"),
      results: z.array(z.object({ id: callId, name: toolName, output: toolOutputSchema }).strict()).min(1).max(16),
    })
    .strict(),
]);

export type PlaygroundMessage = z.infer<typeof playgroundMessageSchema>;

export const playgroundToolSchema = z
  .object({
    name: toolName,
    description: z.string().max(10_000).optional(),
    inputSchema: z.json(),
  })
  .strict();

export type PlaygroundTool = z.infer<typeof playgroundToolSchema>;

export const modelStepInputSchema = z
  .object({
    model: playgroundModelSchema,
    messages: z.array(playgroundMessageSchema).min(1).max(200),
    tools: z.array(playgroundToolSchema).max(256),
    maxOutputTokens: z.number().int().min(16).max(8_192).default(1_024),
  })
  .strict()
  .refine((input) => JSON.stringify(input).length <= MAX_STEP_REQUEST_CHARS, {
    error: `the conversation is over ${MAX_STEP_REQUEST_CHARS} characters; clear it and start again`,
    path: ["messages"],
  });

export type ModelStepInput = z.input<typeof modelStepInputSchema>;

/** A tool call the model made; `problem` when it cannot be run (unknown tool, arguments not JSON). */
export interface StepCall {
  id: string;
  name: string;
  /** The arguments; the model's raw text when they are not JSON. */
  input: Json;
  problem?: string;
}

export type StepReply =
  | { ok: true; model: string; text: string; calls: StepCall[]; finishReason: string; usage: { inputTokens: number; outputTokens: number }; latencyMs: number }
  | { ok: false; model: string; error: string; latencyMs: number };
