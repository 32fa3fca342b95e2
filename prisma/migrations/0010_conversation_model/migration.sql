-- A conversation may run on another model than its agent's: the case page's "use my model" runs a
-- case's agent on one of the tenant's OpenAI-compatible endpoints. NULL: the agent's own model.
ALTER TABLE "AgentConversation" ADD COLUMN "model" JSONB;
