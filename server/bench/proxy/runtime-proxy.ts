import type { Runtime } from "../../runtime-registry.ts";
import { authenticateConsoleRequest } from "../../trpc/console-auth.ts";
import { proxyBenchRequest } from "./bench-proxy.ts";
import { failureResponse } from "./proxy-contract.ts";
import { type TargetPolicy, systemLookup } from "./target-policy.ts";

/** The running installation's rules: its mode, and its own gateway as the one trusted origin. */
export function runtimePolicy(runtime: Runtime): TargetPolicy {
  return { mode: runtime.config.mode, lookup: systemLookup, trustedOrigins: [new URL(runtime.urls.gateway).origin] };
}

/**
 * The bench proxy route: only for the signed-in console (session cookie, our Origin and Host),
 * so no other web page, and no one without this start's token, can use it to reach anything.
 */
export function handleBenchProxy(runtime: Runtime, request: Request): Promise<Response> {
  const auth = authenticateConsoleRequest(runtime, request);
  if (!auth.ok) return Promise.resolve(failureResponse({ step: "session", message: auth.message, hint: "sign in to the console again, then reconnect" }));
  return proxyBenchRequest(request, { policy: runtimePolicy(runtime) });
}
