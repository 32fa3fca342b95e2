import { z } from "zod";
import { a2aRulesSchema } from "../../../runner/a2a/rules.ts";
import { getA2aRules, previewA2aRules, saveA2aRules } from "../../a2a/a2a-rules-service.ts";
import { DEPLOYMENT_NAME } from "../../deployments/create-deployment.ts";
import { router, tenantProcedure } from "../trpc.ts";

const deployment = z.string({ error: "expected a deployment name, e.g. everything" }).regex(DEPLOYMENT_NAME, { error: "expected a deployment name of 1 to 63 letters, digits, _ or -" });

const sampleSchema = z.strictObject({
  message: z.strictObject({ text: z.string().max(16_384).optional(), data: z.record(z.string(), z.unknown()).optional(), skillId: z.string().max(256).optional() }).optional(),
  result: z.object({ content: z.array(z.unknown()).max(100).optional(), structuredContent: z.record(z.string(), z.unknown()).optional(), isError: z.boolean().optional() }).optional(),
  parts: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
});

/** A deployment's A2A adaptation rules (runner/a2a/rules.ts): read, preview against a sample, save. */
export const a2aRouter = router({
  rules: tenantProcedure.input(z.object({ deployment })).query(({ ctx, input }) =>
    getA2aRules({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, name: input.deployment, gatewayUrl: ctx.runtime.urls.gateway, mode: ctx.runtime.config.mode }),
  ),

  // A mutation, though nothing is saved: a rule set and a sample can be longer than a URL carries.
  preview: tenantProcedure.input(z.object({ deployment, rules: a2aRulesSchema, sample: sampleSchema.default({}) })).mutation(({ ctx, input }) =>
    previewA2aRules({
      db: ctx.runtime.database.prisma,
      tenantId: ctx.tenantId,
      name: input.deployment,
      gatewayUrl: ctx.runtime.urls.gateway,
      mode: ctx.runtime.config.mode,
      rules: input.rules,
      sample: input.sample,
    }),
  ),

  saveRules: tenantProcedure.input(z.object({ deployment, rules: a2aRulesSchema })).mutation(({ ctx, input }) =>
    saveA2aRules({
      db: ctx.runtime.database.prisma,
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      name: input.deployment,
      gatewayUrl: ctx.runtime.urls.gateway,
      mode: ctx.runtime.config.mode,
      rules: input.rules,
    }),
  ),
});
