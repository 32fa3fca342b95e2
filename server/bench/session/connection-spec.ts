import { SESSION_PROTOCOL_VERSIONS } from "../../../runner/protocol/mcp-versions.ts";
import { STATELESS_REVISION } from "./stateless-transport.ts";

export type TransportKind = "streamable-http" | "sse" | "websocket";

/** Revisions the bench can ask for, newest first (the gateway and the SDK speak all four). */
export const BENCH_REVISIONS: readonly string[] = SESSION_PROTOCOL_VERSIONS;

/** Every revision a connection can use: the session ones, and the stateless one (streamable HTTP only). */
export const ALL_BENCH_REVISIONS: readonly string[] = [STATELESS_REVISION, ...SESSION_PROTOCOL_VERSIONS];

/** Everything needed to open one connection: where, how, and with which headers. */
export interface ConnectionSpec {
  /** What the tab is called. */
  label: string;
  kind: "hosted" | "remote";
  url: string;
  transport: TransportKind;
  revision: string;
  headers: Record<string, string>;
}

export interface HeaderRow {
  name: string;
  value: string;
  enabled: boolean;
}

export interface RemoteForm {
  url: string;
  transport: TransportKind;
  revision: string;
  bearer: string;
  headers: HeaderRow[];
}

export type SpecResult = { ok: true; spec: ConnectionSpec } | { ok: false; field: string; message: string };

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A hosted deployment through the gateway, with the bench's API key. */
export function hostedSpec(deployment: { name: string; endpoints: { mcp: string; sse: string } }, key: string, revision: string, transport: TransportKind = "streamable-http"): ConnectionSpec {
  return {
    label: deployment.name,
    kind: "hosted",
    url: transport === "sse" ? deployment.endpoints.sse : transport === "websocket" ? gatewayWsUrl(deployment.endpoints.mcp) : deployment.endpoints.mcp,
    transport,
    revision,
    headers: { Authorization: `Bearer ${key}` },
  };
}

/** The gateway's WebSocket endpoint beside its streamable HTTP one: ws(s)://…/ws/<deployment>. */
export function gatewayWsUrl(mcpEndpoint: string): string {
  const url = new URL(mcpEndpoint);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = url.pathname.replace(/\/mcp\/([^/]+)\/?$/, "/ws/$1");
  return url.href;
}

/** A remote server from the connection form, or the field that is wrong and why. */
export function remoteSpec(form: RemoteForm): SpecResult {
  let url: URL;
  try {
    url = new URL(form.url.trim());
  } catch {
    return { ok: false, field: "url", message: "expected a full URL, e.g. https://example.com/mcp" };
  }
  if (form.transport === "websocket") {
    if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) return { ok: false, field: "url", message: `expected a ws:// or wss:// URL, not ${url.protocol}//` };
    // An http(s) URL with the WebSocket transport means the same host's WebSocket.
    if (url.protocol === "http:" || url.protocol === "https:") url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  } else if (url.protocol !== "http:" && url.protocol !== "https:") {
    const hint = url.protocol === "ws:" || url.protocol === "wss:" ? " (pick the WebSocket transport for a ws:// URL)" : "";
    return { ok: false, field: "url", message: `expected an http:// or https:// URL, not ${url.protocol}//${hint}` };
  }
  if (!ALL_BENCH_REVISIONS.includes(form.revision)) return { ok: false, field: "revision", message: `expected one of ${ALL_BENCH_REVISIONS.join(", ")}` };
  if (form.revision === STATELESS_REVISION && form.transport !== "streamable-http") return { ok: false, field: "transport", message: `${STATELESS_REVISION} runs over streamable HTTP only: choose Streamable HTTP` };
  const headers: Record<string, string> = {};
  for (const [index, row] of form.headers.entries()) {
    if (!row.enabled || (row.name.trim() === "" && row.value.trim() === "")) continue;
    const name = row.name.trim();
    if (!HEADER_NAME.test(name)) return { ok: false, field: `headers.${index}`, message: `"${name}" is not a header name (letters, digits and -)` };
    if (/[\r\n]/.test(row.value)) return { ok: false, field: `headers.${index}`, message: `the value of ${name} must be on one line` };
    if (Object.keys(headers).some((existing) => existing.toLowerCase() === name.toLowerCase())) return { ok: false, field: `headers.${index}`, message: `${name} is set twice` };
    headers[name] = row.value;
  }
  const token = form.bearer.trim();
  if (token) {
    if (Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) return { ok: false, field: "bearer", message: "set either a bearer token or an Authorization header, not both" };
    headers.Authorization = /^bearer\s/i.test(token) ? token : `Bearer ${token}`;
  }
  const path = url.pathname === "/" ? "" : url.pathname;
  const label = `${url.host}${path}`.length > 40 ? `${url.host}${path}`.slice(0, 39) + "…" : `${url.host}${path}`;
  return { ok: true, spec: { label, kind: "remote", url: url.href, transport: form.transport, revision: form.revision, headers } };
}
