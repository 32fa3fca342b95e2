-- Agents served as A2A agents at /a2a/agents/<agent id> (runner/a2a/hosted-agent-endpoint.ts).
-- Each A2A context is one conversation of the agent, so a follow-up message continues it, on any
-- gateway and after a restart.
CREATE TABLE "A2aAgentContext" (
  "agentId"        TEXT NOT NULL REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "contextId"      TEXT NOT NULL,
  "tenantId"       TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "conversationId" TEXT NOT NULL REFERENCES "AgentConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY ("agentId", "contextId")
);

-- The agents' A2A tasks, kept like a deployment's (0006_a2a_tasks), with the agent in place of the deployment.
CREATE TABLE "A2aAgentTask" (
  "id"        TEXT PRIMARY KEY,
  "tenantId"  TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "agentId"   TEXT NOT NULL REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "contextId" TEXT NOT NULL,
  "state"     TEXT NOT NULL,
  "statusAt"  TIMESTAMP(3) NOT NULL,
  "task"      JSONB NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "A2aAgentTask_task_object" CHECK (jsonb_typeof("task") = 'object')
);
CREATE INDEX "A2aAgentTask_tenantId_agentId_statusAt_id_idx" ON "A2aAgentTask"("tenantId", "agentId", "statusAt" DESC, "id" DESC);
CREATE INDEX "A2aAgentTask_tenantId_agentId_contextId_idx" ON "A2aAgentTask"("tenantId", "agentId", "contextId");
