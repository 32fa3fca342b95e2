import type { NextRequest } from "next/server";
import { tokenMatches } from "../../runner/protocol/api-key.ts";
import { SESSION_COOKIE } from "../../server/trpc/console-auth.ts";
import { currentRuntime } from "../../server/runtime-registry.ts";

/** The console link printed by `npm start` lands here and trades its token for a cookie. */
export function GET(req: NextRequest): Response {
  const expected = currentRuntime().sessionToken;
  const token = req.nextUrl.searchParams.get("token");
  if (!expected || !token || !tokenMatches(token, expected)) {
    return new Response("This console link is not valid for the running Switchyard: use the one printed by the latest `npm start`.\n", {
      status: 401,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  // A relative Location keeps the browser on the host it came by (127.0.0.1 or localhost),
  // which is where the cookie belongs.
  return new Response(null, {
    status: 303,
    headers: {
      location: "/console/keys",
      "set-cookie": `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
      "cache-control": "no-store",
    },
  });
}
