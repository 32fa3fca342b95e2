import type { TransportKind } from "../session/connection-spec.ts";
import { SseError } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { ProxyStep } from "../proxy/proxy-contract.ts";
import { type HttpExchange, ProxyStepError } from "../session/tunnel-fetch.ts";

export type DiagnosisStep = ProxyStep | "http-status" | "auth" | "content-type" | "not-mcp" | "protocol-version" | "timeout" | "unknown";

/** Which step of connecting failed, in words, with what to try and the raw error one click away. */
export interface Diagnosis {
  step: DiagnosisStep;
  title: string;
  detail: string;
  hints: string[];
  raw: string;
}

export interface FailureContext {
  /** The last HTTP exchange the tunnel saw (the proxy's failure, or the target's reply). */
  exchange?: HttpExchange;
  requestedRevision: string;
  kind: "hosted" | "remote";
  transport: TransportKind;
}

const PROXY_TITLES: Record<ProxyStep, string> = {
  session: "The console session is missing",
  request: "The bench could not send this request",
  blocked: "The address is not allowed",
  dns: "DNS lookup failed",
  tcp: "TCP connection failed",
  tls: "TLS handshake failed",
  http: "The server did not answer with HTTP",
  redirect: "A redirect was not followed",
};

/** Turns whatever connecting threw into the step that failed and what to try. */
export function diagnoseFailure(error: unknown, context: FailureContext): Diagnosis {
  const raw = rawText(error, context.exchange);
  const found = (step: DiagnosisStep, title: string, detail: string, hints: string[]): Diagnosis => ({ step, title, detail, hints: hints.filter(Boolean), raw });

  const proxied = error instanceof ProxyStepError ? error.failure : context.exchange?.failure;
  if (proxied) return found(proxied.step, PROXY_TITLES[proxied.step] ?? "The bench proxy failed", proxied.message, [proxied.hint]);

  const message = error instanceof Error ? error.message : String(error);
  const version = /protocol version is not supported: (\S+)/i.exec(message);
  if (version) {
    return found("protocol-version", "Protocol version mismatch", `you asked for ${context.requestedRevision}; the server answered ${version[1]}, which this client does not speak`, [
      "pick another revision in the connection form",
      "upgrade the server's MCP SDK if it answers with an old or unknown revision",
    ]);
  }

  const status = httpStatus(error) ?? (context.exchange && context.exchange.status !== undefined && context.exchange.status >= 400 ? context.exchange.status : undefined);
  const said = serverSays(context.exchange?.bodyPreview);
  if (status === 401 || status === 403) {
    const oauth = /resource_metadata=|Bearer/i.test(context.exchange?.wwwAuthenticate ?? "") && context.kind === "remote";
    return found("auth", status === 401 ? "Authentication failed (401)" : "Not allowed (403)", said ?? (status === 401 ? "the server wants credentials it did not get, or refused the ones sent" : "the credentials were accepted but do not allow this"), [
      context.kind === "hosted" ? "the bench key may have been revoked or not cover this deployment: create a new bench key" : "check the bearer token or Authorization header",
      oauth ? "this server asks for OAuth (WWW-Authenticate names it): press Authorize below to run the flow, or paste an access token as the bearer token" : "",
    ]);
  }
  if (status === -1 || /unexpected content type/i.test(message)) {
    const type = context.exchange?.contentType ?? /content type: (.*)$/i.exec(message)?.[1] ?? "none";
    return found("content-type", "Unexpected content type", `the server answered with ${type}, not application/json or text/event-stream`, [
      "check that the URL is the server's MCP endpoint (often /mcp) and not a web page",
      context.transport === "streamable-http" ? "if it is an older server, try the SSE transport" : "",
    ]);
  }
  if (status !== undefined) return httpFailure(status, said, context, found);

  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return found("timeout", "No answer in time", "the server did not answer initialize in time", [
      "the server may be starting slowly or stuck: retry, and check its logs",
      context.transport === "sse" ? "" : "if the server only speaks legacy SSE, try the SSE transport",
    ]);
  }
  if (isNotMcp(error)) {
    const detail = Array.isArray((error as { issues?: unknown }).issues)
      ? 'the reply is not a JSON-RPC 2.0 message (jsonrpc "2.0" with the id of the request and a result or an error)'
      : `the reply is not valid JSON-RPC: ${firstLine(message)}`;
    return found("not-mcp", "The server's reply is not MCP", detail, [
      "check that the URL is an MCP endpoint",
      "look at the raw reply in the timeline",
    ]);
  }
  if (error instanceof TypeError && /fetch|network/i.test(message)) {
    return found("unknown", "The Switchyard web app did not answer", message, ["check that `npm start` is still running, then reconnect"]);
  }
  if (error instanceof McpError) {
    return found("not-mcp", `The server refused initialize (${error.code})`, message, ["the server's message above says why; check its logs"]);
  }
  return found("unknown", "Connecting failed", message, ["look at the raw error and the timeline for what the server sent"]);
}

function httpFailure(status: number, said: string | undefined, context: FailureContext, found: (step: DiagnosisStep, title: string, detail: string, hints: string[]) => Diagnosis): Diagnosis {
  const base = `HTTP ${status}`;
  if (status === 404) {
    return found("http-status", "Nothing at this URL (404)", said ?? "the server has no MCP endpoint at this path", [
      context.kind === "hosted" ? "check the deployment's name on the fleet page" : "check the path: MCP endpoints are often /mcp (streamable HTTP) or /sse (legacy SSE)",
    ]);
  }
  if (status === 405) {
    return found("http-status", "Method not allowed (405)", said ?? "the server does not take this HTTP method here", [
      context.transport === "streamable-http" ? "the server may speak only the legacy SSE transport: switch the transport to SSE" : "the server may speak streamable HTTP: switch the transport",
    ]);
  }
  if (status === 429) return found("http-status", "Rate limited (429)", said ?? "the server refuses more calls for now", ["wait for the time the server gives (Retry-After), then reconnect"]);
  if (status === 400) return found("http-status", "Bad request (400)", said ?? "the server refused the request", ["the server's message says why; a server for another protocol revision may refuse the one you picked"]);
  if (status >= 500) {
    return found("http-status", `The server failed (${status})`, said ?? `${base} from the server`, [
      status === 503 ? "the server is overloaded or stopped; retry later" : "check the server's logs",
      context.kind === "hosted" ? "the fleet page shows whether the deployment's processes are running" : "",
    ]);
  }
  return found("http-status", `Unexpected HTTP status ${status}`, said ?? base, ["check the URL and the server's logs"]);
}

function httpStatus(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError && typeof error.code === "number") return error.code;
  if (error instanceof SseError && typeof error.code === "number") return error.code;
  return undefined;
}

/** The message of a JSON-RPC error reply body (how the gateway explains a refusal), if any. */
function serverSays(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; error_description?: unknown };
    if (typeof parsed.error === "object" && typeof parsed.error.message === "string") return `the server says: ${parsed.error.message}`;
    // An OAuth error reply (RFC 6750 §3.1), as protected resources send with a 401.
    if (typeof parsed.error === "string") return `the server says: ${typeof parsed.error_description === "string" ? `${parsed.error_description} (${parsed.error})` : parsed.error}`;
  } catch {
    // not JSON: fall through
  }
  const text = body.trim();
  return text && !text.startsWith("<") ? `the server says: ${firstLine(text).slice(0, 300)}` : undefined;
}

function isNotMcp(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "ZodError" || error.name === "$ZodError" || error instanceof SyntaxError || /invalid input|is not valid json|unexpected token/i.test(error.message);
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}

function rawText(error: unknown, exchange: HttpExchange | undefined): string {
  const head = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return exchange ? `${head}\n\nlast HTTP exchange:\n${JSON.stringify(exchange, null, 2)}` : head;
}
