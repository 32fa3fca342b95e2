import { TRPCError } from "@trpc/server";

/**
 * For procedures that change what runs on this machine: the request must carry an Origin (which
 * console-auth.ts has already checked is ours). Browsers send Origin on every POST, so a request
 * without one is not from the console page: a script or a tool replaying the cookie.
 */
export function requireOrigin(headers: Headers): void {
  if (!headers.get("origin")) {
    throw new TRPCError({ code: "FORBIDDEN", message: `state-changing requests must carry an Origin header: send them from the console page` });
  }
}
