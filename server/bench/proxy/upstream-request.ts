import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import type { ProxyFailure } from "./proxy-contract.ts";

export interface UpstreamRequest {
  url: URL;
  /** Checked addresses of the URL's host: the only ones connected to. */
  addresses: string[];
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  signal: AbortSignal;
  /** How long the TCP (and TLS) connection may take to open. */
  connectTimeoutMs: number;
}

export type UpstreamResult = { ok: true; response: IncomingMessage; address: string } | { ok: false; failure: ProxyFailure };

/**
 * One HTTP request to the target, connected only to the addresses the policy checked: the
 * `lookup` hook answers with them instead of asking DNS again. Failures come back as the step
 * that failed (TCP, TLS, HTTP) with what to try, never as a thrown error.
 */
export function requestUpstream(request: UpstreamRequest): Promise<UpstreamResult> {
  const { url, addresses, method, headers, body, signal, connectTimeoutMs } = request;
  const pinned: LookupFunction = (_host, options, callback) => {
    const entries = addresses.map((address) => ({ address, family: net.isIP(address) }));
    if ((options as { all?: boolean }).all) (callback as (err: null, all: typeof entries) => void)(null, entries);
    else callback(null, entries[0]!.address, entries[0]!.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let connected = false;
    let address = addresses[0] ?? url.hostname;
    const req = client.request(url, { method, headers, lookup: pinned, signal, servername: net.isIP(url.hostname) ? undefined : url.hostname });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error("connect timeout"), { code: "BENCH_CONNECT_TIMEOUT" })), connectTimeoutMs);
    req.once("socket", (socket) => {
      const opened = () => {
        connected = true;
        address = socket.remoteAddress ?? address;
        clearTimeout(timer);
      };
      if (!socket.connecting) opened();
      else socket.once(url.protocol === "https:" ? "secureConnect" : "connect", opened);
    });
    req.once("response", (response) => {
      clearTimeout(timer);
      resolve({ ok: true, response, address });
    });
    req.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, failure: networkFailure(error, url, address, connected, connectTimeoutMs) });
    });
    req.end(body);
  });
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_)/;

/** The step a network error belongs to, in words, with what to try. */
export function networkFailure(error: NodeJS.ErrnoException, url: URL, address: string, connected: boolean, connectTimeoutMs: number): ProxyFailure {
  const code = error.code ?? "";
  const where = `${address.includes(":") ? `[${address}]` : address}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
  if (code === "BENCH_CONNECT_TIMEOUT") {
    return { step: "tcp", message: `no connection to ${where} within ${connectTimeoutMs / 1000} s`, hint: "the host does not answer on that port: check the port, and whether a firewall drops the connection" };
  }
  if (code === "ECONNREFUSED") {
    return { step: "tcp", message: `${where} refused the connection`, hint: "nothing listens on that port: is the server running, and on this port?" };
  }
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EADDRNOTAVAIL") {
    return { step: "tcp", message: `no route to ${where} (${code})`, hint: "the host is not reachable from the Switchyard server's network" };
  }
  if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(error.message)) {
    const plain = code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number|packet length too long/i.test(error.message);
    return {
      step: "tls",
      message: `TLS with ${url.hostname} failed: ${error.message}${code ? ` (${code})` : ""}`,
      hint: plain
        ? "the port speaks plain HTTP: try the URL with http://"
        : "the server's certificate is not trusted for this name (expired, self-signed or for another host): fix the certificate, or use its http:// URL if it has one",
    };
  }
  if (code.startsWith("HPE_")) {
    return { step: "http", message: `${where} did not answer with HTTP (${code})`, hint: url.protocol === "http:" ? "if the port expects TLS, try the URL with https://" : "check that the URL's port serves HTTP" };
  }
  if (code === "ECONNRESET" || code === "EPIPE") {
    return connected
      ? { step: "http", message: `${where} closed the connection before answering`, hint: "the server crashed or refused the request: check its logs" }
      : { step: "tcp", message: `${where} reset the connection`, hint: "something on that port closed it at once: check the port and protocol (http or https)" };
  }
  return { step: connected ? "http" : "tcp", message: `${where}: ${error.message}${code ? ` (${code})` : ""}`, hint: "check the URL and that the server is running" };
}
