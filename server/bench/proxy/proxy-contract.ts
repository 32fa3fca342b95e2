/**
 * The bench proxy's wire contract, shared by the browser (session/tunnel-fetch.ts) and the
 * server (bench-proxy.ts); nothing here imports Node modules.
 *
 * The browser sends every request of an MCP transport to PROXY_PATH with the real URL in
 * TARGET_HEADER and the transport's own headers, JSON-encoded, in HEADERS_HEADER: only those
 * reach the target, never the browser's cookies or fingerprinting headers.
 */
export const PROXY_PATH = "/api/bench/proxy";
export const TARGET_HEADER = "x-bench-target";
export const HEADERS_HEADER = "x-bench-headers";
/** Set on replies: the address the proxy connected to, for the diagnostics. */
export const ADDRESS_HEADER = "x-bench-address";

/**
 * Where a proxied connection failed before the target could answer: the bench shows the step,
 * the message and what to try. Steps after the target answered (HTTP status, content type, not
 * MCP, protocol version, auth) are judged in the browser from the response itself.
 */
export type ProxyStep = "session" | "request" | "blocked" | "dns" | "tcp" | "tls" | "http" | "redirect";

export interface ProxyFailure {
  step: ProxyStep;
  message: string;
  hint: string;
}

/** The header that marks a response as the proxy's own failure rather than the target's reply. */
export const PROXY_FAILURE_HEADER = "x-bench-failure";

const STATUS: Record<ProxyStep, number> = {
  session: 401,
  request: 400,
  blocked: 403,
  dns: 502,
  tcp: 502,
  tls: 502,
  http: 502,
  redirect: 502,
};

export function failureResponse(failure: ProxyFailure): Response {
  return new Response(JSON.stringify(failure), {
    status: STATUS[failure.step],
    headers: { "content-type": "application/json", "cache-control": "no-store", [PROXY_FAILURE_HEADER]: failure.step },
  });
}
