import { systemStatus } from "../../status/system-status.ts";
import { publicProcedure, router } from "../trpc.ts";

export const healthRouter = router({
  status: publicProcedure.query(({ ctx }) => systemStatus(ctx.runtime)),
});
