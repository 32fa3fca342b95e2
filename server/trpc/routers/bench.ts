import { hostedTargets } from "../../bench/hosted-deployments.ts";
import { router, tenantProcedure } from "../trpc.ts";

export const benchRouter = router({
  targets: tenantProcedure.query(({ ctx }) => hostedTargets(ctx.runtime, ctx.tenantId)),
});
