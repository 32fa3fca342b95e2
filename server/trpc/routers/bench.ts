import { hostedTargets } from "../../bench/hosted-deployments.ts";
import { z } from "zod";
import { localCommandSchema } from "../../bench/local-command/local-command-spec.ts";
import { keepLocalCommand, startLocalCommand, stopLocalCommand } from "../../bench/local-command/start-local-command.ts";
import { DEPLOYMENT_NAME } from "../../deployments/create-deployment.ts";
import { runPlaygroundStep } from "../../bench/playground/playground-step.ts";
import { modelStepInputSchema } from "../../bench/playground/wire.ts";
import { router, tenantProcedure } from "../trpc.ts";

const commandRef = z.object({ deployment: z.string().regex(DEPLOYMENT_NAME, { error: "expected a deployment name such as bench-local-1a2b3c4d" }) });

export const benchRouter = router({
  targets: tenantProcedure.query(({ ctx }) => hostedTargets(ctx.runtime, ctx.tenantId)),
  startCommand: tenantProcedure.input(localCommandSchema).mutation(({ ctx, input }) => startLocalCommand(ctx.runtime, { tenantId: ctx.tenantId, actor: ctx.actor, command: input })),
  stopCommand: tenantProcedure
    .input(commandRef)
    .mutation(async ({ ctx, input }) => ({ stopped: await stopLocalCommand(ctx.runtime, { tenantId: ctx.tenantId, deployment: input.deployment }) })),
  /** The open tab's lease on its command (see ephemeral-commands.ts); `kept: false` once the command is gone. */
  keepCommand: tenantProcedure.input(commandRef).mutation(({ ctx, input }) => ({ kept: keepLocalCommand({ tenantId: ctx.tenantId, deployment: input.deployment }) })),
  /** One model call of the playground (server/bench/playground): the tenant's keys stay here. */
  playgroundStep: tenantProcedure.input(modelStepInputSchema).mutation(({ ctx, input, signal }) => runPlaygroundStep(ctx.runtime, { tenantId: ctx.tenantId, step: input, signal })),
});
