-- A2A adapters (runner/a2a). Each deployment served as an A2A agent keeps its tasks here, so
-- GetTask and ListTasks survive a restart: the task itself as A2A v1.0 JSON, with the columns
-- queries filter on. A task belongs to one tenant and one deployment; lookups always name both.
CREATE TABLE "A2aTask" (
  "id"           TEXT PRIMARY KEY,
  "tenantId"     TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "deploymentId" TEXT NOT NULL REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "contextId"    TEXT NOT NULL,
  "state"        TEXT NOT NULL,
  "statusAt"     TIMESTAMP(3) NOT NULL,
  "task"         JSONB NOT NULL,
  "createdAt"    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "A2aTask_task_object" CHECK (jsonb_typeof("task") = 'object')
);
-- ListTasks: one agent's tasks, newest status first, paged by (statusAt, id).
CREATE INDEX "A2aTask_tenantId_deploymentId_statusAt_id_idx" ON "A2aTask"("tenantId", "deploymentId", "statusAt" DESC, "id" DESC);
CREATE INDEX "A2aTask_tenantId_deploymentId_contextId_idx" ON "A2aTask"("tenantId", "deploymentId", "contextId");

-- Adaptation rules per deployment (runner/a2a/rules.ts, validated before they are written):
-- renamed or hidden skills and tools, the default skill, argument and result mappings.
CREATE TABLE "A2aRuleSet" (
  "deploymentId" TEXT PRIMARY KEY REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "tenantId"     TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "rules"        JSONB NOT NULL,
  "updatedBy"    TEXT NOT NULL,
  "updatedAt"    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "A2aRuleSet_rules_object" CHECK (jsonb_typeof("rules") = 'object')
);
CREATE INDEX "A2aRuleSet_tenantId_idx" ON "A2aRuleSet"("tenantId");
