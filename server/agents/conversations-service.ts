import { z } from "zod";
import { AgentRuntime } from "../../runner/agents/agent-runtime.ts";
import type { ConversationRecord, StepRecord, ToolCallRecord, TurnRecord } from "../../runner/agents/conversation-store.ts";
import { AgentRuntimeError } from "../../runner/agents/errors.ts";
import type { ModelSpec } from "../../runner/agents/definition.ts";
import type { TurnEvent, TurnInput, TurnOutcome } from "../../runner/agents/events.ts";
import { GatewayTools } from "../../runner/agents/gateway-tools.ts";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import { agentGatewayKey } from "./agent-keys.ts";
import { productModels } from "./agent-models.ts";
import { getAgent } from "./agents-service.ts";
import { definitionFor, setConversationModel } from "./conversation-model.ts";
import { productElicitationInbox } from "./elicitation-answers.ts";
import { PrismaConversationStore } from "./prisma-conversation-store.ts";

export const turnInputSchema = z.union(
  [
    z.object({ message: z.string().trim().min(1, { error: "expected a message" }).max(10_000) }).strict(),
    z
      .object({
        confirmations: z
          .array(z.object({ id: z.string().min(1).max(200), action: z.enum(["accept", "decline", "cancel"]), reason: z.string().max(500).optional() }).strict())
          .min(1, { error: "expected an answer to each pending confirmation" })
          .max(50),
      })
      .strict(),
  ],
  { error: 'expected { "message": "…" } or { "confirmations": [{ "id": "…", "action": "accept" | "decline" | "cancel" }] }' },
);

/**
 * The product's agent runtime: conversations in the database, scripted models from the cases and
 * endpoint models with the tenant's sealed keys, tools through this installation's gateway with
 * the agent's own API key; the answers to the servers' questions (elicitations) through the
 * engine. Stateless: made per request.
 */
export function productAgentRuntime(runtime: Runtime, gatewayUrl = runtime.urls.gateway): AgentRuntime {
  return new AgentRuntime({
    store: new PrismaConversationStore(runtime.database.prisma),
    elicitations: { inbox: productElicitationInbox(runtime) },
    models: productModels(runtime),
    tools: async ({ tenantId, definition }) =>
      new GatewayTools({
        gatewayUrl,
        apiKey: await agentGatewayKey(runtime, { tenantId, agentId: definition.id, deployments: definition.deployments }),
        clientName: `agent:${definition.id}`,
      }),
  });
}

export interface ConversationSummary {
  id: string;
  agent: string;
  version: string;
  title: string;
  status: ConversationRecord["status"];
  turns: number;
  usage: ConversationRecord["usage"];
  updatedAt: string;
}

/** A new conversation with an agent; `model` runs it on another model than the agent's (see conversation-model.ts). */
export async function startConversation(runtime: Runtime, options: { tenantId: string; agent: string; version?: string; title?: string; model?: ModelSpec }): Promise<ConversationSummary> {
  const agent = await getAgent({ db: runtime.database.prisma, tenantId: options.tenantId, id: options.agent, ...(options.version ? { version: options.version } : {}) });
  const store = new PrismaConversationStore(runtime.database.prisma);
  const created = await store.create({ tenantId: options.tenantId, agentId: agent.id, agentVersion: agent.definition.version, title: options.title ?? NEW_TITLE });
  if (options.model) await setConversationModel(runtime.database.prisma, created.id, options.model);
  return summary(created);
}

const NEW_TITLE = "New conversation";

/** Runs one turn of a tenant's conversation: a message, or the answers to its pending confirmations. */
export async function runConversationTurn(
  runtime: Runtime,
  options: { tenantId: string; conversationId: string; input: TurnInput; signal?: AbortSignal; onEvent?: (event: TurnEvent) => void; gatewayUrl?: string },
): Promise<TurnOutcome> {
  const db = runtime.database.prisma;
  const conversation = await ownConversation(runtime, options.tenantId, options.conversationId);
  const { definition: agentDefinition } = await getAgent({ db, tenantId: options.tenantId, id: conversation.agentId, version: conversation.agentVersion });
  const definition = await definitionFor(db, conversation.id, agentDefinition);
  if ("message" in options.input && conversation.turns === 0 && conversation.title === NEW_TITLE) {
    await db.agentConversation.update({ where: { id: conversation.id }, data: { title: options.input.message.replace(/\s+/g, " ").slice(0, 80) } });
  }
  try {
    return await productAgentRuntime(runtime, options.gatewayUrl).runTurn({
      conversationId: conversation.id,
      definition,
      input: options.input,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  } catch (error) {
    if (error instanceof AgentRuntimeError) throw new AppError(error.code, error.message);
    throw error;
  }
}

export async function listConversations(runtime: Runtime, options: { tenantId: string; agent?: string; limit?: number }): Promise<ConversationSummary[]> {
  const rows = await runtime.database.prisma.agentConversation.findMany({
    where: { tenantId: options.tenantId, ...(options.agent ? { agentVersion: { agent: { slug: options.agent } } } : {}) },
    orderBy: { updatedAt: "desc" },
    take: options.limit ?? 50,
    select: { id: true },
  });
  const store = new PrismaConversationStore(runtime.database.prisma);
  const records = await Promise.all(rows.map((row) => store.get(row.id)));
  return records.filter((r): r is ConversationRecord => r !== undefined).map(summary);
}

export type TurnView = Omit<TurnRecord, "startedAt" | "finishedAt"> & { startedAt: string; finishedAt: string | null };
export type StepView = Omit<StepRecord, "startedAt"> & { startedAt: string };

export interface ConversationDetail {
  conversation: ConversationSummary;
  turns: TurnView[];
  steps: StepView[];
  toolCalls: ToolCallRecord[];
}

/** A conversation with every turn, step and tool call, times as ISO strings (as they travel). */
export async function getConversation(runtime: Runtime, options: { tenantId: string; id: string }): Promise<ConversationDetail> {
  const conversation = await ownConversation(runtime, options.tenantId, options.id);
  const store = new PrismaConversationStore(runtime.database.prisma);
  const [turns, steps, toolCalls] = await Promise.all([store.turns(conversation.id), store.steps(conversation.id), store.toolCalls(conversation.id)]);
  return {
    conversation: summary(conversation),
    turns: turns.map((turn) => ({ ...turn, startedAt: turn.startedAt.toISOString(), finishedAt: turn.finishedAt?.toISOString() ?? null })),
    steps: steps.map((step) => ({ ...step, startedAt: step.startedAt.toISOString() })),
    toolCalls,
  };
}

/** The conversation, only when it is this tenant's: another tenant's looks like one that does not exist. */
async function ownConversation(runtime: Runtime, tenantId: string, id: string): Promise<ConversationRecord> {
  const conversation = z.uuid().safeParse(id).success ? await new PrismaConversationStore(runtime.database.prisma).get(id) : undefined;
  if (!conversation || conversation.tenantId !== tenantId) throw new AppError("NOT_FOUND", `your tenant has no conversation ${id}`);
  return conversation;
}

function summary(record: ConversationRecord): ConversationSummary {
  return {
    id: record.id,
    agent: record.agentId,
    version: record.agentVersion,
    title: record.title,
    status: record.status,
    turns: record.turns,
    usage: record.usage,
    updatedAt: record.updatedAt.toISOString(),
  };
}
