import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { ADDRESS_HEADER, type ProxyFailure } from "./proxy-contract.ts";

/** Headers that describe one hop, not the request: the proxy sets its own. */
const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "expect",
  "accept-encoding",
]);

/** What the browser may read of the target's reply: what MCP transports and the diagnostics use. */
const REPLY_HEADERS = ["content-type", "mcp-session-id", "mcp-protocol-version", "www-authenticate", "retry-after"];

const MAX_HEADERS = 64;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

const forwarded = z
  .record(
    z.string(),
    z
      .string({ error: "expected a header value as text" })
      .max(8192, { error: "expected a header value of at most 8192 characters" })
      .regex(/^[^\r\n\0]*$/, { error: "expected a header value on one line" }),
  )
  .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, { error: `expected at most ${MAX_HEADERS} headers` });

/**
 * The headers to send to the target: exactly the ones the bench's transport set (JSON, URI
 * encoded, in one header), minus hop-by-hop ones. The browser's own headers — its cookies for
 * this site, Origin, Referer, fingerprinting hints — never reach the target.
 */
export function forwardedHeaders(raw: string | null, body: boolean): { ok: true; headers: Record<string, string> } | { ok: false; failure: ProxyFailure } {
  let decoded: unknown = {};
  try {
    if (raw) decoded = JSON.parse(decodeURIComponent(raw));
  } catch {
    return { ok: false, failure: { step: "request", message: "the forwarded headers are not URI-encoded JSON", hint: "connect from the bench page, which encodes them for you" } };
  }
  const parsed = forwarded.safeParse(decoded);
  const badName = parsed.success ? Object.keys(parsed.data).find((name) => !HEADER_NAME.test(name)) : undefined;
  if (badName !== undefined) {
    return { ok: false, failure: { step: "request", message: `header ${badName}: expected a header name of letters, digits and -`, hint: "fix the header in the connection form" } };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `header ${String(issue.path[0])}: ` : "";
    return { ok: false, failure: { step: "request", message: `${where}${issue.message}`, hint: "fix the header in the connection form" } };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.data)) {
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower)) headers[lower] = value;
  }
  headers["user-agent"] ??= "Switchyard-Bench/0.1";
  // Identity, so the reply streams through as it comes, without decoding and encoding again.
  headers["accept-encoding"] = "identity";
  if (!body) delete headers["content-type"];
  return { ok: true, headers };
}

/** The target's reply headers the browser gets, plus the proxy's own. */
export function replyHeaders(upstream: IncomingHttpHeaders, address: string): Headers {
  const headers = new Headers();
  for (const name of REPLY_HEADERS) {
    const value = upstream[name];
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const each of value) headers.append(name, each);
  }
  // no-transform: a compressing middleware in front of Next must not buffer an event stream.
  headers.set("cache-control", "no-store, no-transform");
  headers.set(ADDRESS_HEADER, address);
  return headers;
}
