import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "../../../../server/trpc/root.ts";
import { currentRuntime } from "../../../../server/runtime-registry.ts";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ runtime: currentRuntime(), headers: req.headers }),
  });
}

export { handler as GET, handler as POST };
