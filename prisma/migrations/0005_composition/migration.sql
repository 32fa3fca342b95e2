-- A deployment either runs a component version or composes other deployments of its tenant into
-- one virtual server (a composite): exactly one of the two is set. The composition is a JSON object
-- validated by runner/gateway/compose/composition-spec.ts before it is written.
ALTER TABLE "Deployment"
  ALTER COLUMN "componentVersionId" DROP NOT NULL,
  ADD COLUMN "composition" JSONB,
  ADD CONSTRAINT "Deployment_component_or_composition" CHECK (
    ("componentVersionId" IS NOT NULL AND "composition" IS NULL)
    OR ("componentVersionId" IS NULL AND "composition" IS NOT NULL AND jsonb_typeof("composition") = 'object')
  );
