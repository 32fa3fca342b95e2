import type { HostedAgent, HostedAgentBackend } from "../../runner/a2a/hosted-agent-card.ts";
import { getAgent } from "../agents/agents-service.ts";
import { runConversationTurn, startConversation } from "../agents/conversations-service.ts";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import { PrismaTaskRepository } from "./task-repository.ts";

/**
 * The product side of /a2a/agents/<id>: the tenant's stored agents (latest version), a
 * conversation per A2A context (recorded, so a follow-up continues it after a restart or on
 * another gateway), and turns run by the product's agent runtime, with its tools through the
 * gateway under the agent's own key.
 */
export function hostedAgents(runtime: Runtime): HostedAgentBackend {
  const db = runtime.database.prisma;
  return {
    tasks: PrismaTaskRepository.forAgents(db),

    async find(tenantId, agentId) {
      const row = await db.agent.findUnique({ where: { tenantId_slug: { tenantId, slug: agentId } }, select: { id: true } });
      if (!row) return null;
      const agent = await getAgent({ db, tenantId, id: agentId });
      return { rowId: row.id, id: agent.id, name: agent.name, description: agent.description, version: agent.latestVersion, deployments: agent.deployments };
    },

    async conversationFor(tenantId: string, agent: HostedAgent, contextId: string) {
      const where = { agentId_contextId: { agentId: agent.rowId, contextId } };
      const known = await db.a2aAgentContext.findUnique({ where, select: { conversationId: true } });
      if (known) return known.conversationId;
      const started = await startConversation(runtime, { tenantId, agent: agent.id, version: agent.version, title: `A2A ${contextId}`.slice(0, 200) });
      // Two first messages of one context at once: the first mapping wins, the other conversation stays unused.
      await db.a2aAgentContext.createMany({ data: [{ agentId: agent.rowId, contextId, tenantId, conversationId: started.id }], skipDuplicates: true });
      return (await db.a2aAgentContext.findUniqueOrThrow({ where, select: { conversationId: true } })).conversationId;
    },

    async runTurn({ tenantId, conversationId, input, signal, onEvent }) {
      try {
        return await runConversationTurn(runtime, { tenantId, conversationId, input, signal, onEvent });
      } catch (error) {
        if (error instanceof AppError) throw new Error(error.message);
        throw error;
      }
    },
  };
}
