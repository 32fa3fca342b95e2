import { z } from "zod";
import { createDeployment } from "../../deployments/create-deployment.ts";
import { router, tenantProcedure } from "../trpc.ts";

export const createDeploymentInput = z.object({
  name: z.string({ error: "expected a deployment name, e.g. weather-prod" }).trim().min(1, { error: "expected a deployment name, e.g. weather-prod" }).max(63),
  component: z.string().min(3).max(200),
  version: z.string().max(255).optional(),
  values: z.record(z.string().max(255), z.string().max(16_384)).default({}),
});

export const deploymentsRouter = router({
  create: tenantProcedure
    .input(createDeploymentInput)
    .mutation(({ ctx, input }) => createDeployment(ctx.runtime, { tenantId: ctx.tenantId, actor: ctx.actor, ...input })),
});
