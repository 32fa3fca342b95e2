import { Readable } from "node:stream";
import { forwardedHeaders, replyHeaders } from "./forward-headers.ts";
import { HEADERS_HEADER, TARGET_HEADER, failureResponse } from "./proxy-contract.ts";
import { nextHop } from "./redirect-hop.ts";
import { type TargetPolicy, checkTarget, parseTarget } from "./target-policy.ts";
import { requestUpstream } from "./upstream-request.ts";

export interface BenchProxyOptions {
  policy: TargetPolicy;
  /** Largest request body passed on (a JSON-RPC message from the bench). */
  maxBodyBytes?: number;
  connectTimeoutMs?: number;
}

const METHODS = new Set(["GET", "POST", "DELETE"]);

/**
 * Passes one request of a browser MCP transport to its target and streams the reply back. The
 * caller has already authenticated the console session: without that this would be an open
 * proxy. Every hop (the first and each redirect) is resolved and checked against the policy,
 * and connected to only at the checked addresses.
 */
export async function proxyBenchRequest(request: Request, options: BenchProxyOptions): Promise<Response> {
  const { policy, maxBodyBytes = 4 * 1024 * 1024, connectTimeoutMs = 10_000 } = options;
  const target = parseTarget(request.headers.get(TARGET_HEADER));
  if (!target.ok) return failureResponse(target.failure);
  const method = request.method.toUpperCase();
  if (!METHODS.has(method)) {
    return failureResponse({ step: "request", message: `${method} is not proxied`, hint: "MCP transports use GET, POST and DELETE" });
  }
  const body = method === "POST" ? await readBody(request, maxBodyBytes) : undefined;
  if (body === TOO_LARGE) {
    return failureResponse({ step: "request", message: `the request body is larger than ${maxBodyBytes} bytes`, hint: "send a smaller message" });
  }
  const forwarded = forwardedHeaders(request.headers.get(HEADERS_HEADER), body !== undefined);
  if (!forwarded.ok) return failureResponse(forwarded.failure);

  let url = target.url;
  for (let followed = 0; ; followed++) {
    const checked = await checkTarget(url, policy);
    if (!checked.ok) return failureResponse(checked.failure);
    const result = await requestUpstream({ url, addresses: checked.addresses, method, headers: forwarded.headers, body, signal: request.signal, connectTimeoutMs });
    if (!result.ok) return failureResponse(result.failure);
    const { response, address } = result;
    const status = response.statusCode ?? 502;
    const hop = nextHop(url, status, response.headers.location ?? null, method, followed);
    if (hop.kind === "none") {
      const empty = method === "HEAD" || status === 204 || status === 304;
      if (empty) response.resume();
      const stream = empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
      return new Response(stream, { status, statusText: response.statusMessage, headers: replyHeaders(response.headers, address) });
    }
    response.resume();
    if (hop.kind === "refuse") return failureResponse(hop.failure);
    url = hop.url;
  }
}

const TOO_LARGE = Symbol("too large");

async function readBody(request: Request, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return TOO_LARGE;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!request.body) return Buffer.alloc(0);
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return TOO_LARGE;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
