import { z } from "zod";
import { controlDeployment, fleetOverview, processStderr } from "../../fleet/fleet-service.ts";
import { router, tenantProcedure } from "../trpc.ts";

const deploymentName = z
  .string({ error: "expected a deployment name, e.g. everything" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: "expected a deployment name, e.g. everything" });

const poolSize = (what: string, max: number) =>
  z
    .number({ error: `expected the ${what} number of processes, e.g. 1` })
    .int({ error: `expected a whole ${what} number of processes` })
    .min(what === "maximum" ? 1 : 0, { error: `expected at least ${what === "maximum" ? 1 : 0} for the ${what}` })
    .max(max, { error: `expected at most ${max} for the ${what}` });

export const scaleInput = z
  .object({ name: deploymentName, min: poolSize("minimum", 64), max: poolSize("maximum", 256) })
  .refine((input) => input.min <= input.max, { error: "expected the minimum not to exceed the maximum", path: ["min"] });

export const fleetRouter = router({
  overview: tenantProcedure.query(({ ctx }) => fleetOverview(ctx.runtime, ctx.tenantId)),

  start: tenantProcedure
    .input(z.object({ name: deploymentName }))
    .mutation(({ ctx, input }) => controlDeployment(ctx.runtime, ctx.tenantId, ctx.actor, input.name, { action: "start" })),

  stop: tenantProcedure
    .input(z.object({ name: deploymentName }))
    .mutation(({ ctx, input }) => controlDeployment(ctx.runtime, ctx.tenantId, ctx.actor, input.name, { action: "stop" })),

  restart: tenantProcedure
    .input(z.object({ name: deploymentName }))
    .mutation(({ ctx, input }) => controlDeployment(ctx.runtime, ctx.tenantId, ctx.actor, input.name, { action: "restart" })),

  scale: tenantProcedure
    .input(scaleInput)
    .mutation(({ ctx, input }) => controlDeployment(ctx.runtime, ctx.tenantId, ctx.actor, input.name, { action: "scale", min: input.min, max: input.max })),

  stderr: tenantProcedure
    .input(z.object({ processId: z.uuid({ error: "expected a process id (a UUID)" }) }))
    .query(({ ctx, input }) => processStderr(ctx.runtime, ctx.tenantId, input.processId)),
});
