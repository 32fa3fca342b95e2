import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable, Transform } from "node:stream";
import { isPublicAddress } from "../../server/net/public-address.ts";

/**
 * `fetch` for requests to remote A2A agents on a tenant's behalf (agent cards, JSON-RPC calls).
 * Saas mode reaches only public addresses; local mode — the developer's own machine — also its
 * loopback and private networks. Link-local addresses (cloud metadata at 169.254.169.254) are
 * never reached. The address is checked when the connection is made, on the very address the
 * socket connects to, so a DNS answer that changes after a check (rebinding) cannot slip past.
 * Redirects are not followed (a redirect could lead anywhere), and bodies are capped.
 */
export type NetworkMode = "local" | "saas";

export interface GuardOptions {
  mode: NetworkMode;
  /** Largest response body read, in bytes. */
  maxBytes?: number;
  /** How long to wait for the response headers. */
  headersTimeoutMs?: number;
  /** Tests: resolve host names another way. */
  lookup?: (host: string) => Promise<string[]>;
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string, mode: NetworkMode) {
    super(`${host} resolves to ${address}, ${describe(address)}, which ${mode === "saas" ? "saas mode does not reach: register an agent on a public address" : "is never reached"}`);
    this.name = "BlockedAddressError";
  }
}

const LINK_LOCAL = new net.BlockList();
LINK_LOCAL.addSubnet("169.254.0.0", 16, "ipv4");
LINK_LOCAL.addSubnet("fe80::", 10, "ipv6");

/** Why `address` may not be reached in `mode`, or undefined when it may. */
export function addressRefusal(address: string, mode: NetworkMode): string | undefined {
  const unwrapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  const family = net.isIP(unwrapped);
  if (family === 0) return "not an IP address";
  if (LINK_LOCAL.check(unwrapped, family === 4 ? "ipv4" : "ipv6")) return "a link-local address";
  if (mode === "saas" && !isPublicAddress(unwrapped)) return "a private, loopback or reserved address";
  return undefined;
}

function describe(address: string): string {
  const unwrapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  if (net.isIP(unwrapped) && LINK_LOCAL.check(unwrapped, net.isIP(unwrapped) === 4 ? "ipv4" : "ipv6")) return "a link-local address";
  return "a private, loopback or reserved address";
}

/** Checks a URL before any request: scheme, credentials, and a literal IP host. */
export function urlRefusal(url: URL, mode: NetworkMode): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.protocol} URLs are not fetched; use http:// or https://`;
  if (url.username || url.password) return "the URL carries a user name or password; remove them";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const refusal = addressRefusal(host, mode);
    if (refusal) return `${host} is ${refusal}, which ${mode === "saas" ? "saas mode does not reach" : "is never reached"}`;
  }
  return undefined;
}

export function guardedFetch(options: GuardOptions): typeof fetch {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const headersTimeoutMs = options.headersTimeoutMs ?? 30_000;
  const lookup = (hostname: string, _opts: unknown, callback: (error: Error | null, address: string, family: number) => void) => {
    const resolved = options.lookup ? options.lookup(hostname) : dns.promises.lookup(hostname, { all: true, verbatim: true }).then((all) => all.map((entry) => entry.address));
    resolved.then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: "ENOTFOUND" }), "", 0);
        // Every address must be allowed: one the check did not see could be chosen on a retry.
        for (const address of addresses) if (addressRefusal(address, options.mode)) return callback(new BlockedAddressError(hostname, address, options.mode), "", 0);
        callback(null, addresses[0]!, net.isIP(addresses[0]!));
      },
      (error: Error) => callback(error, "", 0),
    );
  };

  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const refusal = urlRefusal(url, options.mode);
    if (refusal) throw new TypeError(`fetch refused: ${refusal}`);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers ?? request?.headers);
    const body = init?.body ?? (request && method !== "GET" ? await request.text() : undefined);
    const payload = body === undefined || body === null ? undefined : typeof body === "string" ? Buffer.from(body) : body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(await new Response(body as BodyInit).arrayBuffer());
    if (payload) headers.set("content-length", String(payload.length));
    const signal = init?.signal ?? request?.signal ?? undefined;
    signal?.throwIfAborted();
    const transport = url.protocol === "https:" ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = transport.request(url, { method, headers: Object.fromEntries(headers), lookup: lookup as never, agent: false }, (res) => {
        clearTimeout(timer);
        let seen = 0;
        const capped = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            seen += chunk.length;
            if (seen > maxBytes) return done(new Error(`the response is larger than ${maxBytes} bytes`));
            done(null, chunk);
          },
        });
        res.pipe(capped);
        res.once("error", (error) => capped.destroy(error));
        const status = res.statusCode ?? 502;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
          else if (value !== undefined) responseHeaders.set(name, value);
        }
        const noBody = status === 204 || status === 304 || method === "HEAD";
        resolve(new Response(noBody ? null : (Readable.toWeb(capped) as ReadableStream), { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
      });
      const timer = setTimeout(() => req.destroy(new Error(`no response from ${url.host} within ${Math.round(headersTimeoutMs / 1000)} s`)), headersTimeoutMs);
      const abort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted.", "AbortError"));
      signal?.addEventListener("abort", abort, { once: true });
      req.once("close", () => signal?.removeEventListener("abort", abort));
      req.once("error", (error) => {
        clearTimeout(timer);
        reject(error instanceof BlockedAddressError ? new TypeError(`fetch refused: ${error.message}`, { cause: error }) : error);
      });
      req.end(payload);
    });
  }) as typeof fetch;
}
