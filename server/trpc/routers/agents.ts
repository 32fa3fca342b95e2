import { z } from "zod";
import { agentDefinitionSchema } from "../../../runner/agents/definition.ts";
import { defineAgent, getAgent, listAgents } from "../../agents/agents-service.ts";
import { getConversation, listConversations, runConversationTurn, startConversation, turnInputSchema } from "../../agents/conversations-service.ts";
import { answerElicitation, elicitationAnswerSchema } from "../../agents/elicitation-answers.ts";
import { listModelEndpoints, saveModelEndpoint } from "../../agents/model-endpoints.ts";
import { router, tenantProcedure } from "../trpc.ts";

const agentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "expected an agent id, e.g. customer-service" });
const version = z.string().max(100).optional();
const conversationId = z.uuid({ error: "expected a conversation id (a UUID)" });

/** Agents, their model endpoints and conversations (turns stream over HTTP: app/api/agents). */
export const agentsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listAgents({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId })),

  get: tenantProcedure
    .input(z.object({ id: agentId, version }))
    .query(({ ctx, input }) => getAgent({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, id: input.id, ...(input.version ? { version: input.version } : {}) })),

  define: tenantProcedure
    .input(agentDefinitionSchema)
    .mutation(({ ctx, input }) => defineAgent({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, actor: ctx.actor, definition: input })),

  endpoints: tenantProcedure.query(({ ctx }) => listModelEndpoints(ctx.runtime, ctx.tenantId)),

  saveEndpoint: tenantProcedure
    .input(z.object({ name: z.string().max(63), baseUrl: z.string().max(2_000), apiKey: z.string().min(1).max(4_096).optional() }))
    .mutation(({ ctx, input }) => saveModelEndpoint(ctx.runtime, { tenantId: ctx.tenantId, actor: ctx.actor, ...input })),

  startConversation: tenantProcedure
    .input(z.object({ agent: agentId, version, message: z.string().trim().min(1).max(10_000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const conversation = await startConversation(ctx.runtime, { tenantId: ctx.tenantId, agent: input.agent, ...(input.version ? { version: input.version } : {}) });
      if (!input.message) return { conversation, outcome: null };
      const outcome = await runConversationTurn(ctx.runtime, { tenantId: ctx.tenantId, conversationId: conversation.id, input: { message: input.message } });
      return { conversation, outcome };
    }),

  continueConversation: tenantProcedure
    .input(z.object({ id: conversationId, input: turnInputSchema }))
    .mutation(({ ctx, input }) => runConversationTurn(ctx.runtime, { tenantId: ctx.tenantId, conversationId: input.id, input: input.input })),

  answerElicitation: tenantProcedure
    .input(z.object({ conversationId, elicitationId: z.string().min(1).max(200), answer: elicitationAnswerSchema }))
    .mutation(({ ctx, input }) => answerElicitation(ctx.runtime, { tenantId: ctx.tenantId, ...input })),

  conversations: tenantProcedure
    .input(z.object({ agent: agentId.optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => listConversations(ctx.runtime, { tenantId: ctx.tenantId, ...(input.agent ? { agent: input.agent } : {}), limit: input.limit })),

  conversation: tenantProcedure.input(z.object({ id: conversationId })).query(({ ctx, input }) => getConversation(ctx.runtime, { tenantId: ctx.tenantId, id: input.id })),
});
