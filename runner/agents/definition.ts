import { z } from "zod";

/**
 * An agent definition: what a tenant stores to run an agent. Validated here, at every boundary
 * (tRPC, HTTP, the case folders), with messages that name the field and the fix.
 */

/** Lowercase slug: the agent's id within its tenant. */
export const AGENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** The same rule as a deployment's name (server/deployments/create-deployment.ts). */
export const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

const contextWindow = z.number().int().min(512, { error: "expected at least 512 tokens" }).max(4_000_000);
const maxOutputTokens = z.number().int().min(16).max(200_000);

export const scriptedModelSchema = z
  .object({
    provider: z.literal("scripted"),
    /** A registered model script (see runner/agents/scripted/script.ts), e.g. "customer-service". */
    script: z.string().regex(NAME, { error: "expected the id of a model script, e.g. customer-service" }),
    contextWindow: contextWindow.default(16_384),
    maxOutputTokens: maxOutputTokens.default(1_024),
  })
  .strict();

export const openAiCompatibleModelSchema = z
  .object({
    provider: z.literal("openai-compatible"),
    /** The name of one of the tenant's model endpoints (base URL and sealed API key, stored apart). */
    endpoint: z.string().regex(NAME, { error: "expected the name of one of your model endpoints, e.g. my-openai" }),
    model: z.string().trim().min(1, { error: "expected the model's id at that endpoint, e.g. gpt-4o-mini" }).max(200),
    contextWindow: contextWindow.default(32_768),
    maxOutputTokens: maxOutputTokens.default(1_024),
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict();

export const modelSpecSchema = z.discriminatedUnion("provider", [scriptedModelSchema, openAiCompatibleModelSchema], {
  error: 'expected a model with provider "scripted" or "openai-compatible"',
});

export type ModelSpec = z.infer<typeof modelSpecSchema>;

/** Another model with its own instructions, for multi-model collaboration. */
export const roleSchema = z
  .object({
    model: modelSpecSchema,
    instructions: z.string().trim().min(1).max(20_000).optional(),
  })
  .strict();

export type RoleSpec = z.infer<typeof roleSchema>;

/** Per turn: model calls (all roles together), wall time of each run of the loop, tokens in and out. */
export const budgetsSchema = z
  .object({
    maxSteps: z.number().int().min(1).max(100).default(8),
    maxSeconds: z.number().min(1).max(3_600).default(120),
    maxTokens: z.number().int().min(100).max(10_000_000).default(60_000),
  })
  .strict();

export type Budgets = z.infer<typeof budgetsSchema>;

export const agentDefinitionSchema = z
  .object({
    id: z.string().regex(AGENT_ID, { error: "expected a lowercase id of letters, digits and '-', e.g. support-bot" }),
    version: z.string().regex(SEMVER, { error: "expected a semantic version, e.g. 1.0.0" }),
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(1_000).optional(),
    /** The executor's system instructions. */
    instructions: z.string().trim().min(1, { error: "expected instructions for the agent" }).max(20_000),
    /** The executor's model: the one that calls tools and answers. */
    model: modelSpecSchema,
    /** The tenant's deployments whose tools the agent may call, through the gateway. */
    deployments: z
      .array(z.string().regex(DEPLOYMENT_NAME, { error: "expected a deployment name, e.g. customer-service" }))
      .min(1, { error: "expected at least one deployment whose tools the agent may use" })
      .max(8)
      .refine((names) => new Set(names).size === names.length, { error: "each deployment may appear once" }),
    /**
     * Tools (their own names on their servers) that ask the user themselves, through MCP
     * elicitation, before they change anything: the runtime surfaces their questions to the user
     * instead of asking a confirmation of its own. List only tools of servers you trust to ask:
     * the runtime cannot tell whether a server asked before it acted.
     */
    confirmedByServer: z
      .array(z.string().regex(/^[A-Za-z0-9_.\/-]{1,128}$/, { error: "expected a tool name, e.g. move_event" }))
      .max(100)
      .optional(),
    budgets: budgetsSchema.prefault({}),
    /**
     * Optional other models: a planner writes a plan before the executor's tool loop, a reviewer
     * checks the executor's answer and may replace it. The executor is `model` above.
     */
    roles: z
      .object({ planner: roleSchema.optional(), reviewer: roleSchema.optional() })
      .strict()
      .optional(),
  })
  .strict();

export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;
/** A definition as written by hand, before defaults are filled in. */
export type AgentDefinitionInput = z.input<typeof agentDefinitionSchema>;

export type AgentRole = "planner" | "executor" | "reviewer";

/** Every model the definition uses, with its role. */
export function modelsOf(definition: AgentDefinition): Array<{ role: AgentRole; model: ModelSpec }> {
  return [
    ...(definition.roles?.planner ? [{ role: "planner" as const, model: definition.roles.planner.model }] : []),
    { role: "executor" as const, model: definition.model },
    ...(definition.roles?.reviewer ? [{ role: "reviewer" as const, model: definition.roles.reviewer.model }] : []),
  ];
}
