CREATE TABLE "Tenant" (
  "id"        TEXT PRIMARY KEY,
  "slug"      TEXT NOT NULL UNIQUE,
  "name"      TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "ApiKey" (
  "id"                 TEXT PRIMARY KEY,
  "tenantId"           TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "name"               TEXT NOT NULL,
  "prefix"             TEXT NOT NULL UNIQUE,
  "secretHash"         TEXT NOT NULL,
  "scopes"             TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  "rateLimitPerMinute" INTEGER NOT NULL DEFAULT 600,
  "lastUsedAt"         TIMESTAMP(3),
  "revokedAt"          TIMESTAMP(3),
  "createdAt"          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "ApiKey_tenantId_idx" ON "ApiKey"("tenantId");

CREATE TABLE "Component" (
  "id"        TEXT PRIMARY KEY,
  "name"      TEXT NOT NULL UNIQUE,
  "ownerId"   TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "ComponentVersion" (
  "id"          TEXT PRIMARY KEY,
  "componentId" TEXT NOT NULL REFERENCES "Component"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "version"     TEXT NOT NULL,
  "manifest"    JSONB NOT NULL,
  "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "ComponentVersion_componentId_version_key" ON "ComponentVersion"("componentId", "version");

-- A published version is immutable: publish a new version instead.
CREATE FUNCTION "ComponentVersion_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'component version % is published and immutable; publish a new version instead', OLD."version"
    USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER "ComponentVersion_immutable" BEFORE UPDATE ON "ComponentVersion"
  FOR EACH ROW EXECUTE FUNCTION "ComponentVersion_refuse_update"();

CREATE TABLE "Deployment" (
  "id"                 TEXT PRIMARY KEY,
  "tenantId"           TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "name"               TEXT NOT NULL,
  "componentVersionId" TEXT NOT NULL REFERENCES "ComponentVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "config"             JSONB NOT NULL DEFAULT '{}',
  "secrets"            JSONB NOT NULL DEFAULT '{}',
  "createdAt"          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "Deployment_tenantId_name_key" ON "Deployment"("tenantId", "name");

CREATE TABLE "Node" (
  "id"         TEXT PRIMARY KEY,
  "address"    TEXT NOT NULL,
  "capacity"   INTEGER NOT NULL,
  "isolation"  JSONB NOT NULL DEFAULT '{}',
  "startedAt"  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Trace" (
  "id"         TEXT PRIMARY KEY,
  "tenantId"   TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "name"       TEXT NOT NULL,
  "connection" JSONB NOT NULL,
  "messages"   JSONB NOT NULL DEFAULT '[]',
  "createdAt"  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "Trace_tenantId_idx" ON "Trace"("tenantId");

CREATE TABLE "AuditEvent" (
  "id"       BIGSERIAL PRIMARY KEY,
  "tenantId" TEXT REFERENCES "Tenant"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  "actor"    TEXT NOT NULL,
  "action"   TEXT NOT NULL,
  "target"   TEXT NOT NULL,
  "data"     JSONB NOT NULL DEFAULT '{}',
  "at"       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "AuditEvent_tenantId_at_idx" ON "AuditEvent"("tenantId", "at");
