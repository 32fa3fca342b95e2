import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, tokenMatches } from "../../server/trpc/console-auth.ts";
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
  const response = NextResponse.redirect(new URL("/console/keys", req.url), 303);
  response.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", path: "/" });
  return response;
}
