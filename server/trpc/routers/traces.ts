import { z } from "zod";
import { TIMELINE_LIMIT } from "../../bench/session/timeline.ts";
import { deleteTrace, getTrace, listTraces, saveTrace } from "../../traces/trace-service.ts";
import { router, tenantProcedure } from "../trpc.ts";

const traceId = z.object({ id: z.uuid({ error: "expected the id of a trace (a UUID), as in /bench/traces/<id>" }) });

export const saveTraceInput = z.object({
  name: z.string({ error: "expected a name for the trace" }).trim().min(1, { error: "expected a name for the trace" }).max(200, { error: "expected at most 200 characters" }),
  connection: z.record(z.string(), z.unknown(), { error: "expected the connection as an object (url, transport, revision, headers)" }),
  messages: z.array(z.record(z.string(), z.unknown()), { error: "expected the timeline entries as an array" }).max(TIMELINE_LIMIT, { error: `expected at most ${TIMELINE_LIMIT} timeline entries` }),
});

export const tracesRouter = router({
  save: tenantProcedure.input(saveTraceInput).mutation(({ ctx, input }) => saveTrace({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, ...input })),
  list: tenantProcedure.query(({ ctx }) => listTraces({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId })),
  get: tenantProcedure.input(traceId).query(({ ctx, input }) => getTrace({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, id: input.id })),
  delete: tenantProcedure.input(traceId).mutation(({ ctx, input }) => deleteTrace({ db: ctx.runtime.database.prisma, tenantId: ctx.tenantId, id: input.id })),
});
