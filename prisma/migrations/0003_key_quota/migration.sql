-- Calls a key may make per UTC day, counted across all gateways; NULL means unlimited.
ALTER TABLE "ApiKey"
  ADD COLUMN "dailyQuota" INTEGER,
  ADD CONSTRAINT "ApiKey_dailyQuota_positive" CHECK ("dailyQuota" IS NULL OR "dailyQuota" >= 1);
