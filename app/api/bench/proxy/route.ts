import { handleBenchProxy } from "../../../../server/bench/proxy/runtime-proxy.ts";
import { currentRuntime } from "../../../../server/runtime-registry.ts";

// Each request is proxied live; nothing here may be cached or pre-rendered.
export const dynamic = "force-dynamic";

function handler(request: Request): Promise<Response> {
  return handleBenchProxy(currentRuntime(), request);
}

export { handler as DELETE, handler as GET, handler as POST };
