import { type AgentDefinition, type ModelSpec, modelSpecSchema, openAiCompatibleModelSchema } from "../../runner/agents/definition.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { listModelEndpoints } from "./model-endpoints.ts";
import type { Runtime } from "../runtime-registry.ts";

/** "Use my model": which of the tenant's endpoints, and the model's id there. */
export interface OwnModelChoice {
  endpoint: string;
  model: string;
}

/** The choice as a model spec, once the tenant is known to have that endpoint. */
export async function ownModelSpec(runtime: Runtime, tenantId: string, choice: OwnModelChoice): Promise<ModelSpec> {
  const endpoints = await listModelEndpoints(runtime, tenantId);
  if (!endpoints.some((e) => e.name === choice.endpoint)) {
    const names = endpoints.map((e) => e.name).join(", ");
    throw new AppError("BAD_REQUEST", `model.endpoint: your tenant has no model endpoint "${choice.endpoint}"; ${names ? `it has ${names}` : "save one first (agents.saveEndpoint)"}`);
  }
  const parsed = openAiCompatibleModelSchema.safeParse({ provider: "openai-compatible", endpoint: choice.endpoint, model: choice.model });
  if (!parsed.success) throw new AppError("BAD_REQUEST", `model.${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export async function setConversationModel(db: Db, conversationId: string, model: ModelSpec): Promise<void> {
  await db.agentConversation.update({ where: { id: conversationId }, data: { model } });
}

/** The definition a conversation runs: its agent's, with the conversation's own model when it has one. */
export async function definitionFor(db: Db, conversationId: string, definition: AgentDefinition): Promise<AgentDefinition> {
  const row = await db.agentConversation.findUnique({ where: { id: conversationId }, select: { model: true } });
  if (row?.model === null || row?.model === undefined) return definition;
  return { ...definition, model: modelSpecSchema.parse(row.model) };
}
