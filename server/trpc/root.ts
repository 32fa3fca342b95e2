import { a2aRouter } from "./routers/a2a.ts";
import { agentsRouter } from "./routers/agents.ts";
import { benchRouter } from "./routers/bench.ts";
import { casesRouter } from "./routers/cases.ts";
import { compositionsRouter } from "./routers/compositions.ts";
import { deploymentsRouter } from "./routers/deployments.ts";
import { fleetRouter } from "./routers/fleet.ts";
import { healthRouter } from "./routers/health.ts";
import { keysRouter } from "./routers/keys.ts";
import { registryRouter } from "./routers/registry.ts";
import { tracesRouter } from "./routers/traces.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  agents: agentsRouter,
  a2a: a2aRouter,
  bench: benchRouter,
  cases: casesRouter,
  compositions: compositionsRouter,
  fleet: fleetRouter,
  health: healthRouter,
  keys: keysRouter,
  registry: registryRouter,
  traces: tracesRouter,
  deployments: deploymentsRouter,
});

export type AppRouter = typeof appRouter;
