-- A namespace (the part of a server name before the slash) belongs to the tenant that first
-- published into it; nobody else can publish there.
CREATE TABLE "Namespace" (
  "name"      TEXT PRIMARY KEY,
  "tenantId"  TEXT NOT NULL REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "Namespace_tenantId_idx" ON "Namespace"("tenantId");
INSERT INTO "Namespace" ("name", "tenantId")
  SELECT DISTINCT ON (split_part("name", '/', 1)) split_part("name", '/', 1), "ownerId" FROM "Component" ORDER BY split_part("name", '/', 1), "createdAt";

-- What the marketplace lists and filters on, copied from the newest version at each publish.
ALTER TABLE "Component"
  ADD COLUMN "title"       TEXT,
  ADD COLUMN "description" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "category"    TEXT,
  ADD COLUMN "transports"  TEXT[] NOT NULL DEFAULT '{}',
  ADD COLUMN "verified"    BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "updatedAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "Component" c SET "description" = COALESCE(v."manifest"->>'description', ''), "title" = v."manifest"->>'title'
  FROM (SELECT DISTINCT ON ("componentId") "componentId", "manifest" FROM "ComponentVersion" ORDER BY "componentId", "publishedAt" DESC) v
  WHERE v."componentId" = c."id";

-- What the runner recorded when the version was published: its contract (tools, resources,
-- prompts and their schemas, normalized and hashed), which MCP revisions it speaks, and how it
-- differs from the version before it. Versions published before this migration have none.
ALTER TABLE "ComponentVersion"
  ADD COLUMN "publishedBy"     TEXT,
  ADD COLUMN "readme"          TEXT,
  ADD COLUMN "snapshot"        JSONB,
  ADD COLUMN "snapshotHash"    TEXT,
  ADD COLUMN "compatibility"   JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "previousVersion" TEXT,
  ADD COLUMN "changes"         JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "suggestedBump"   TEXT,
  ADD COLUMN "forced"          BOOLEAN NOT NULL DEFAULT false;
