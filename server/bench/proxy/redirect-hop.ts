import type { ProxyFailure } from "./proxy-contract.ts";

export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export type Hop = { kind: "none" } | { kind: "follow"; url: URL } | { kind: "refuse"; failure: ProxyFailure };

/**
 * What to do with a target's reply: use it (not a redirect), follow it, or refuse it. Like the
 * MCP SDK's default policy, only redirects within the origin are followed (or from http to https
 * on the same host), so the user's Authorization and custom headers never travel to another
 * site; and a request with a body follows only 307 and 308, which keep the method. The caller
 * checks the new URL's addresses again before connecting.
 */
export function nextHop(from: URL, status: number, location: string | null, method: string, followed: number): Hop {
  if (!REDIRECTS.has(status)) return { kind: "none" };
  const refuse = (message: string, hint: string): Hop => ({ kind: "refuse", failure: { step: "redirect", message, hint } });
  if (!location) return refuse(`the server answered ${status} without a Location`, "the server is misconfigured: check the URL with its owner");
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return refuse(`the server redirects to "${location.slice(0, 200)}", which is not a URL`, "check the URL with the server's owner");
  }
  if (followed >= MAX_REDIRECTS) return refuse(`more than ${MAX_REDIRECTS} redirects, the last to ${shown(to)}`, "connect to the final URL directly, or fix the redirect loop");
  if (!sameOrigin(from, to)) {
    return refuse(
      `the server redirects to ${shown(to)}, another origin: not followed, so your headers do not travel there`,
      `if you trust it, connect to ${shown(to)} directly`,
    );
  }
  if (method !== "GET" && method !== "HEAD" && status !== 307 && status !== 308) {
    return refuse(`the server answered ${method} with ${status}, which would turn it into a GET`, `connect to ${shown(to)} directly`);
  }
  return { kind: "follow", url: to };
}

function sameOrigin(from: URL, to: URL): boolean {
  if (to.username || to.password) return false;
  if (from.origin === to.origin) return true;
  return from.hostname === to.hostname && from.protocol === "http:" && from.port === "" && to.protocol === "https:" && to.port === "";
}

/** A URL without its query or fragment (they may carry tokens). */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
