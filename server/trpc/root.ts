import { fleetRouter } from "./routers/fleet.ts";
import { healthRouter } from "./routers/health.ts";
import { keysRouter } from "./routers/keys.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  fleet: fleetRouter,
  health: healthRouter,
  keys: keysRouter,
});

export type AppRouter = typeof appRouter;
