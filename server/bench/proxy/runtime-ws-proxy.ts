import type { Runtime } from "../../runtime-registry.ts";
import { authenticateConsole } from "../../trpc/console-auth.ts";
import { runtimePolicy } from "./runtime-proxy.ts";
import { createWsProxy } from "./ws-proxy.ts";

/** The running installation's WebSocket proxy: the console's checks and the mode's target rules. */
export function runtimeWsProxy(runtime: Runtime) {
  return createWsProxy({ authenticate: (headers) => authenticateConsole(runtime, headers), policy: () => runtimePolicy(runtime) });
}
