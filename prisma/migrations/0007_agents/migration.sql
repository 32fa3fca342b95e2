-- The agent runtime (runner/agents): agents and their versioned definitions, tenants' model
-- endpoints, and conversations with their turns, steps, tool calls and model messages.

CREATE TABLE "Agent" (
  "id"            TEXT PRIMARY KEY,
  "tenantId"      TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "slug"          TEXT NOT NULL,
  "latestVersion" TEXT NOT NULL,
  "keyId"         TEXT,
  "sealedKey"     JSONB,
  "createdAt"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "Agent_tenantId_slug_key" ON "Agent"("tenantId", "slug");

CREATE TABLE "AgentVersion" (
  "id"         TEXT PRIMARY KEY,
  "agentId"    TEXT NOT NULL REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "version"    TEXT NOT NULL,
  "definition" JSONB NOT NULL,
  "createdAt"  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "AgentVersion_agentId_version_key" ON "AgentVersion"("agentId", "version");

-- A defined version is immutable, like a published component version.
CREATE FUNCTION "AgentVersion_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'agent version % is defined and immutable; define a new version instead', OLD."version"
    USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER "AgentVersion_immutable" BEFORE UPDATE ON "AgentVersion"
  FOR EACH ROW EXECUTE FUNCTION "AgentVersion_refuse_update"();

CREATE TABLE "ModelEndpoint" (
  "id"        TEXT PRIMARY KEY,
  "tenantId"  TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "name"      TEXT NOT NULL,
  "baseUrl"   TEXT NOT NULL,
  "sealedKey" JSONB,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "ModelEndpoint_tenantId_name_key" ON "ModelEndpoint"("tenantId", "name");

CREATE TABLE "AgentConversation" (
  "id"             TEXT PRIMARY KEY,
  "tenantId"       TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "agentVersionId" TEXT NOT NULL REFERENCES "AgentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "title"          TEXT NOT NULL,
  "status"         TEXT NOT NULL DEFAULT 'idle' CHECK ("status" IN ('idle', 'running', 'awaiting_confirmation')),
  "leaseUntil"     TIMESTAMP(3),
  "turns"          INTEGER NOT NULL DEFAULT 0,
  "inputTokens"    INTEGER NOT NULL DEFAULT 0,
  "outputTokens"   INTEGER NOT NULL DEFAULT 0,
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "AgentConversation_tenantId_updatedAt_idx" ON "AgentConversation"("tenantId", "updatedAt");

CREATE TABLE "AgentTurn" (
  "conversationId" TEXT NOT NULL REFERENCES "AgentConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "number"         INTEGER NOT NULL,
  "input"          TEXT NOT NULL,
  "status"         TEXT NOT NULL,
  "stopReason"     TEXT,
  "answer"         TEXT,
  "error"          TEXT,
  "steps"          INTEGER NOT NULL DEFAULT 0,
  "inputTokens"    INTEGER NOT NULL DEFAULT 0,
  "outputTokens"   INTEGER NOT NULL DEFAULT 0,
  "startedAt"      TIMESTAMP(3) NOT NULL,
  "finishedAt"     TIMESTAMP(3),
  PRIMARY KEY ("conversationId", "number")
);

CREATE TABLE "AgentStep" (
  "conversationId" TEXT NOT NULL REFERENCES "AgentConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "turn"           INTEGER NOT NULL,
  "number"         INTEGER NOT NULL,
  "role"           TEXT NOT NULL,
  "model"          TEXT NOT NULL,
  "text"           TEXT NOT NULL,
  "finishReason"   TEXT NOT NULL,
  "inputTokens"    INTEGER NOT NULL,
  "outputTokens"   INTEGER NOT NULL,
  "detail"         JSONB NOT NULL DEFAULT '{}',
  "startedAt"      TIMESTAMP(3) NOT NULL,
  "durationMs"     INTEGER NOT NULL,
  PRIMARY KEY ("conversationId", "turn", "number")
);

CREATE TABLE "AgentToolCall" (
  "id"             BIGSERIAL PRIMARY KEY,
  "conversationId" TEXT NOT NULL REFERENCES "AgentConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "callId"         TEXT NOT NULL,
  "turn"           INTEGER NOT NULL,
  "step"           INTEGER NOT NULL,
  "name"           TEXT NOT NULL,
  "deployment"     TEXT,
  "tool"           TEXT,
  "args"           JSONB NOT NULL,
  "status"         TEXT NOT NULL,
  "result"         JSONB,
  "error"          TEXT,
  "confirmation"   JSONB,
  "durationMs"     INTEGER
);
CREATE UNIQUE INDEX "AgentToolCall_conversationId_callId_key" ON "AgentToolCall"("conversationId", "callId");

CREATE TABLE "AgentMessage" (
  "id"             BIGSERIAL PRIMARY KEY,
  "conversationId" TEXT NOT NULL REFERENCES "AgentConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "turn"           INTEGER NOT NULL,
  "role"           TEXT NOT NULL,
  "content"        JSONB NOT NULL,
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "AgentMessage_conversationId_id_idx" ON "AgentMessage"("conversationId", "id");
