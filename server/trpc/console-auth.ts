import { tokenMatches } from "../../runner/protocol/api-key.ts";
import type { Runtime } from "../runtime-registry.ts";

export const SESSION_COOKIE = "sy_session";

export type ConsoleAuth = { ok: true; tenantId: string; actor: string } | { ok: false; message: string };

/**
 * Local mode: the console acts for the local tenant, but only for a browser that presented the
 * per-start session token (printed by `npm start`) and only from our own origin, so neither
 * another local user nor a web page in the same browser can drive it.
 */
export function authenticateConsole(runtime: Runtime, headers: Headers): ConsoleAuth {
  if (runtime.config.mode !== "local" || !runtime.sessionToken || !runtime.localTenantId) {
    return { ok: false, message: "the console needs local mode: sign-in for saas mode is not available yet" };
  }
  if (!originAllowed(runtime, headers)) {
    return { ok: false, message: `requests must come from the console at ${runtime.urls.web}` };
  }
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  if (!token || !tokenMatches(token, runtime.sessionToken)) {
    return { ok: false, message: "open the console through the link printed by `npm start` (it carries this start's session token)" };
  }
  return { ok: true, tenantId: runtime.localTenantId, actor: "local-console" };
}

/** The console's HTTP routes: authenticateConsole, and for anything but GET and HEAD an Origin too (origin-required.ts). */
export function authenticateConsoleRequest(runtime: Runtime, request: Request): ConsoleAuth {
  const auth = authenticateConsole(runtime, request.headers);
  if (auth.ok && request.method !== "GET" && request.method !== "HEAD" && !request.headers.get("origin")) {
    return { ok: false, message: "state-changing requests must carry an Origin header: send them from the console page" };
  }
  return auth;
}

/** The Host header guards against DNS rebinding; Origin, when the browser sends it, against CSRF. */
function originAllowed(runtime: Runtime, headers: Headers): boolean {
  const port = runtime.config.ports.web;
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, new URL(runtime.urls.web).host]);
  const host = headers.get("host");
  if (!host || !allowed.has(host)) return false;
  const origin = headers.get("origin");
  if (origin === null) return headers.get("sec-fetch-site") !== "cross-site";
  try {
    return allowed.has(new URL(origin).host);
  } catch {
    return false;
  }
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}
