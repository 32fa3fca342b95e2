import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ADDRESS_HEADER, HEADERS_HEADER, PROXY_FAILURE_HEADER, PROXY_PATH, type ProxyFailure, TARGET_HEADER } from "../proxy/proxy-contract.ts";

/** One HTTP exchange with the target, as the diagnostics need it. */
export interface HttpExchange {
  method: string;
  url: string;
  status?: number;
  contentType?: string | null;
  /** The address the proxy connected to. */
  address?: string | null;
  wwwAuthenticate?: string | null;
  /** The start of an error reply's body (the gateway explains its refusals there). */
  bodyPreview?: string;
  /** The proxy's own failure, when the target was never reached. */
  failure?: ProxyFailure;
}

/** A step the proxy reports as failed; thrown from fetch so the transport's error carries it. */
export class ProxyStepError extends Error {
  constructor(readonly failure: ProxyFailure) {
    super(failure.message);
    this.name = "ProxyStepError";
  }
}

export interface TunnelOptions {
  /** Same-origin path of the proxy route. */
  proxyPath?: string;
  fetch?: typeof fetch;
  onExchange?: (exchange: HttpExchange) => void;
}

const PREVIEW_CHARS = 2000;

/**
 * A fetch for the SDK's transports that sends each request through the bench proxy. The
 * transport still sees the real URL — so an SSE server's relative `endpoint`, Mcp-Session-Id and
 * redirects all work as if direct — while the request goes to our own origin, with the session
 * cookie, and the target gets only the transport's headers.
 */
export function tunnelFetch(options: TunnelOptions = {}): FetchLike {
  const { proxyPath = PROXY_PATH, onExchange } = options;
  const base = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return async (url, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const target = String(url);
    const forwarded = headerRecord(init?.headers);
    const response = await base(proxyPath, {
      method,
      body: init?.body,
      signal: init?.signal,
      credentials: "same-origin",
      cache: "no-store",
      headers: {
        [TARGET_HEADER]: target,
        [HEADERS_HEADER]: encodeURIComponent(JSON.stringify(forwarded)),
        ...(init?.body !== undefined && init.body !== null ? { "content-type": "application/json" } : {}),
      },
    });
    const exchange: HttpExchange = {
      method,
      url: target,
      status: response.status,
      contentType: response.headers.get("content-type"),
      address: response.headers.get(ADDRESS_HEADER),
      wwwAuthenticate: response.headers.get("www-authenticate"),
    };
    if (response.headers.has(PROXY_FAILURE_HEADER)) {
      const step = response.headers.get(PROXY_FAILURE_HEADER) as ProxyFailure["step"];
      const failure = await response.json().catch(() => ({ step, message: `the bench proxy failed at the ${step} step`, hint: "" }));
      onExchange?.({ ...exchange, failure: failure as ProxyFailure });
      throw new ProxyStepError(failure as ProxyFailure);
    }
    if (!response.ok) exchange.bodyPreview = (await response.clone().text().catch(() => "")).slice(0, PREVIEW_CHARS);
    onExchange?.(exchange);
    return response;
  };
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}
