-- How many warm processes a deployment keeps, and whether its owner stopped it.
ALTER TABLE "Deployment"
  ADD COLUMN "poolMin" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "poolMax" INTEGER NOT NULL DEFAULT 16,
  ADD COLUMN "stopped" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "Deployment_pool_range" CHECK ("poolMin" >= 0 AND "poolMax" >= 1 AND "poolMin" <= "poolMax");
