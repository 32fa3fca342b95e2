import { z } from "zod";
import { MAX_EVAL_RUNS, checkScenarioRun, getCase, listCases, runCaseEvals, startScenarioRun } from "../../cases/cases-service.ts";
import { router, tenantProcedure } from "../trpc.ts";

const slug = (example: string) => z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: `expected a lowercase id, e.g. ${example}` });
const caseId = slug("customer-service");
const scenarioId = slug("order-status");

/** The case gallery: cases, their docs and scenarios, a scenario run's checks, eval runs. */
export const casesRouter = router({
  list: tenantProcedure.query(({ ctx }) => listCases(ctx.runtime)),

  get: tenantProcedure.input(z.object({ id: caseId })).query(({ ctx, input }) => getCase(ctx.runtime, { id: input.id })),

  startRun: tenantProcedure
    .input(
      z.object({
        caseId,
        scenarioId,
        /** "Use my model": one of the tenant's endpoints and the model's id there; the scripted model when absent. */
        model: z.object({ endpoint: z.string().min(1).max(63), model: z.string().trim().min(1, { error: "expected the model's id, e.g. gpt-4o-mini" }).max(200) }).strict().optional(),
      }),
    )
    .mutation(({ ctx, input }) => startScenarioRun(ctx.runtime, { tenantId: ctx.tenantId, ...input })),

  checkRun: tenantProcedure
    .input(z.object({ caseId, scenarioId, conversationId: z.uuid({ error: "expected a conversation id (a UUID)" }) }))
    .query(({ ctx, input }) => checkScenarioRun(ctx.runtime, { tenantId: ctx.tenantId, ...input })),

  runEvals: tenantProcedure
    .input(z.object({ caseId, scenarioId: scenarioId.optional(), times: z.number().int().min(1).max(MAX_EVAL_RUNS).default(3) }))
    .mutation(({ ctx, input }) => runCaseEvals(ctx.runtime, { tenantId: ctx.tenantId, caseId: input.caseId, times: input.times, ...(input.scenarioId ? { scenarioId: input.scenarioId } : {}) })),
});
