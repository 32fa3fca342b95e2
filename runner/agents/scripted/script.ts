import { z } from "zod";

/**
 * A model script: what the scripted model says or calls, as rules over what it can see — the
 * latest user message and the tool calls and results in its prompt. At each model call the first
 * rule whose `when` holds fires (rules are tried in order), so the script is a pure function of
 * the prompt: the same conversation always gets the same answer, and a conversation resumed from
 * the database continues exactly where it stopped.
 *
 * Templates in `say` and in string arguments: `{{user}}` (the latest user message), `{{user.1}}`
 * (a capture group of the rule's `user` pattern), `{{result.<tool>.<path>}}` (a value from the
 * latest result of that tool — this turn's first, then earlier turns'), `{{result.<tool>}}` (the
 * whole result as JSON). An argument that is exactly one template keeps the value's type (a
 * number stays a number). A template with no value is a script error, reported as a model error.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export const resultConditionSchema = z
  .object({
    /** The tool's name as the model sees it (namespaced when the agent uses several deployments). */
    tool: z.string().min(1),
    /** Look at this turn only (default), or at the whole visible conversation. */
    scope: z.enum(["turn", "conversation"]).default("turn"),
    /** Dot path into the result value, e.g. "order.status"; the whole value when absent. */
    path: z.string().optional(),
    equals: z.json().optional(),
    /** Case-insensitive substring of the value (as JSON when it is not a string). */
    contains: z.string().optional(),
    /** Regular expression (case-insensitive) the value must match. */
    matches: z.string().optional(),
    /** The call failed (tool error, unknown tool, invalid arguments). */
    isError: z.boolean().optional(),
    /** The user declined the call. */
    denied: z.boolean().optional(),
  })
  .strict();

export type ResultCondition = z.infer<typeof resultConditionSchema>;

export const whenSchema = z
  .object({
    /** Regular expression (case-insensitive) the latest user message must match. */
    user: z.string().optional(),
    /** Tools that have a result in this turn. */
    called: z.array(z.string()).optional(),
    /** Tools that have no call in this turn (pending, answered, declined or failed alike). */
    notCalled: z.array(z.string()).optional(),
    /** Conditions on tool results, all of which must hold. */
    results: z.array(resultConditionSchema).optional(),
  })
  .strict();

const json = z.json();
/** A JSON value as the script holds it. */
export type ScriptJson = z.infer<typeof json>;

const callSchema = z
  .object({
    tool: z.string().min(1),
    args: z.record(z.string(), json).default({}),
  })
  .strict();

export const actionSchema = z.union([
  z.object({ say: z.string().min(1) }).strict(),
  z.object({ call: z.array(callSchema).min(1).max(8), say: z.string().optional() }).strict(),
  /** A tool call whose arguments are not valid JSON, as a confused model might produce. */
  z.object({ malformedCall: z.object({ tool: z.string().min(1), input: z.string() }).strict() }).strict(),
]);

export type ScriptAction = z.infer<typeof actionSchema>;

export const ruleSchema = z
  .object({
    id: z.string().regex(NAME, { error: "expected a rule id, e.g. look-up-order" }),
    when: whenSchema.default({}),
    then: actionSchema,
  })
  .strict();

export type ScriptRule = z.infer<typeof ruleSchema>;

export const modelScriptSchema = z
  .object({
    id: z.string().regex(NAME, { error: "expected a script id, e.g. customer-service" }),
    description: z.string().optional(),
    rules: z
      .array(ruleSchema)
      .min(1)
      .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { error: "rule ids must be unique" }),
    /** Said when no rule fires. */
    fallback: z.string().min(1),
  })
  .strict()
  .superRefine((script, context) => {
    script.rules.forEach((rule, index) => {
      const patterns = [rule.when.user, ...(rule.when.results ?? []).map((r) => r.matches)];
      for (const pattern of patterns) {
        if (pattern === undefined) continue;
        try {
          new RegExp(pattern, "i");
        } catch (error) {
          context.addIssue({ code: "custom", path: ["rules", index, "when"], message: `invalid regular expression ${pattern}: ${(error as Error).message}` });
        }
      }
    });
  });

export type ModelScript = z.infer<typeof modelScriptSchema>;
export type ModelScriptInput = z.input<typeof modelScriptSchema>;
