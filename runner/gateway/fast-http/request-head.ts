import type { IncomingHttpHeaders } from "node:http";

/** A request head the fast path serves: a plain POST with its body's length known up front. */
export interface RequestHead {
  method: "POST";
  url: string;
  /** Lower-cased names, each at most once. */
  headers: IncomingHttpHeaders;
  /** Bytes of the head, blank line included: the body starts here. */
  headLength: number;
  bodyLength: number;
  /** The client asked for the connection to close after this exchange. */
  close: boolean;
}

/** Not the whole head yet. */
export const NEED_MORE = 0;
/** Not something the fast path serves: node:http takes the connection from this request on. */
export const DEFER = 1;

export type HeadParse = RequestHead | typeof NEED_MORE | typeof DEFER;

export interface HeadLimits {
  /** A head longer than this is left to node:http, which refuses it (431). */
  maxHeadBytes: number;
  /** A longer body is left to node:http, which refuses it (413) or reads it in chunks. */
  maxBodyBytes: number;
  /** The request target the fast path serves, e.g. /mcp/<deployment>. */
  path: RegExp;
}

const CRLF_CRLF = Buffer.from("\r\n\r\n");
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters other than tab, CR and LF, in one pass over the whole head (a CR or LF that
// is not part of a CRLF is looked for per line). llhttp decides what such a head means.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const TARGET = /^\/[!-~]*$/;
const DIGITS = /^\d{1,10}$/;

/**
 * Reads a request head from the start of `buffer`, accepting only a strict subset of HTTP/1.1:
 * `POST <path> HTTP/1.1`, CRLF line ends, token header names, each header once, Host, Content-Length
 * and no Transfer-Encoding, Expect or Upgrade. Anything else — however legal — is DEFER: the
 * connection goes to node:http's llhttp parser, which knows every rule. So this parser never has
 * to be right about a hard case, only to recognise the easy one (no request smuggling through
 * two parsers disagreeing: the bytes of a deferred request reach llhttp untouched).
 */
export function parseRequestHead(buffer: Buffer, limits: HeadLimits): HeadParse {
  const end = buffer.indexOf(CRLF_CRLF);
  if (end === -1) return buffer.length > limits.maxHeadBytes ? DEFER : NEED_MORE;
  if (end > limits.maxHeadBytes) return DEFER;
  const text = buffer.toString("latin1", 0, end);
  if (CONTROL.test(text)) return DEFER;
  const lines = text.split("\r\n");
  const requestLine = lines[0]!;
  if (requestLine.indexOf("\n") !== -1 || requestLine.indexOf("\r") !== -1) return DEFER;
  if (!requestLine.startsWith("POST ") || !requestLine.endsWith(" HTTP/1.1")) return DEFER;
  const url = requestLine.slice(5, -9);
  if (!TARGET.test(url)) return DEFER;
  const query = url.indexOf("?");
  if (!limits.path.test(query === -1 ? url : url.slice(0, query))) return DEFER;

  const headers: IncomingHttpHeaders = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.indexOf("\n") !== -1 || line.indexOf("\r") !== -1) return DEFER;
    const colon = line.indexOf(":");
    if (colon <= 0) return DEFER;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return DEFER;
    const value = line.slice(colon + 1).trim();
    const key = name.toLowerCase();
    if (headers[key] !== undefined) return DEFER;
    headers[key] = value;
  }
  // No Host is a 400 in node:http (requireHostHeader), so it is that parser's to refuse.
  if (headers.host === undefined) return DEFER;
  if (headers["transfer-encoding"] !== undefined || headers.expect !== undefined || headers.upgrade !== undefined) return DEFER;
  const length = headers["content-length"];
  if (length === undefined || !DIGITS.test(length)) return DEFER;
  const bodyLength = Number(length);
  if (bodyLength > limits.maxBodyBytes) return DEFER;
  const connection = headers.connection?.toLowerCase();
  if (connection !== undefined && connection !== "keep-alive" && connection !== "close") return DEFER;
  return { method: "POST", url, headers, headLength: end + 4, bodyLength, close: connection === "close" };
}

