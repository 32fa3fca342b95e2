import { TRPCError } from "@trpc/server";

/**
 * For every state-changing console request (tRPC mutations, POSTs of the console's HTTP routes):
 * it must carry an Origin (which console-auth.ts has already checked is ours). Browsers send Origin
 * on every POST, so a request without one is not from the console page: a script or a tool
 * replaying the cookie.
 */
export function requireOrigin(headers: Headers): void {
  if (!headers.get("origin")) {
    throw new TRPCError({ code: "FORBIDDEN", message: `state-changing requests must carry an Origin header: send them from the console page` });
  }
}
