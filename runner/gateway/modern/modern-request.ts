import type { HttpRequestHead } from "../../protocol/http-exchange.ts";
import type { Message } from "../../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcId, messageProblem } from "../../protocol/jsonrpc.ts";
import { SESSION_PROTOCOL_VERSIONS } from "../../protocol/mcp-versions.ts";
import { type LogLevel, META, MODERN_ERROR_CODES, MODERN_PROTOCOL_VERSIONS, RESERVED_META_PREFIX, isLogLevel, isRemovedMethod } from "../../protocol/modern-mcp.ts";

/** A modern request that passed every check: the envelope read, the MRTR parameters apart. */
export interface ModernRequest {
  id: string | number;
  method: string;
  params: Record<string, unknown>;
  protocolVersion: string;
  /** What the client can do, for this request only. */
  capabilities: Record<string, unknown>;
  /** Log messages at this level and above reach the client; none without it. */
  logLevel: LogLevel | undefined;
  progressToken: string | number | undefined;
  /** An input_required retry: the client's answers and the state it echoes. */
  inputResponses: Record<string, unknown> | undefined;
  requestState: string | undefined;
  acceptsJson: boolean;
  acceptsSse: boolean;
}

/** A modern POST turned away: the HTTP status and the JSON-RPC error the client gets. */
export interface ModernRefusal {
  status: number;
  id: JsonRpcId;
  code: number;
  message: string;
  data?: unknown;
}

export type ReadRequest = { kind: "request"; request: ModernRequest } | { kind: "notification" } | { kind: "refused"; refusal: ModernRefusal };

/** Every revision this endpoint speaks, for a client choosing again after -32022. */
export const SUPPORTED_VERSIONS: string[] = [...MODERN_PROTOCOL_VERSIONS, ...SESSION_PROTOCOL_VERSIONS];

/** The header that names each request's subject, and where that subject is in the body. */
const NAMED_BY: Record<string, "name" | "uri"> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };

/**
 * Whether a request without a session is for the stateless revision: it carries the revision in
 * `_meta` (or its header says so) and is not `initialize`, with which a 2025 client opens.
 */
export function isModernRequest(req: HttpRequestHead, body: unknown): boolean {
  const messages = (Array.isArray(body) ? body : [body]) as Array<Message | null | undefined>;
  if (messages[0]?.method === "initialize") return false;
  if (isModernVersion(req.headers["mcp-protocol-version"])) return true;
  return messages.some((message) => message?.params?._meta?.[META.protocolVersion] !== undefined);
}

/** Checks a modern POST body against the headers and the 2026-07-28 rules (§1 of the revision). */
export function readModernRequest(req: HttpRequestHead, body: unknown): ReadRequest {
  if (Array.isArray(body)) return refused(400, null, ERROR_CODES.invalidRequest, "JSON-RPC batches are not allowed in MCP 2026-07-28: send one message per POST");
  const problem = messageProblem(body);
  const id = (body as { id?: JsonRpcId } | null)?.id ?? null;
  if (problem) return refused(400, id, ERROR_CODES.invalidRequest, problem);
  const message = body as Message;
  if (message.method === undefined) return refused(400, id, ERROR_CODES.invalidRequest, "clients do not POST responses in MCP 2026-07-28: the server sends no requests to answer");
  if (isRemovedMethod(message.method)) return refused(404, id, ERROR_CODES.methodNotFound, `${message.method} was removed in MCP 2026-07-28`);
  if (message.id === undefined || message.id === null) return { kind: "notification" };
  const params = message.params ?? {};
  const meta = params._meta;
  const version = meta?.[META.protocolVersion];
  if (version === undefined || typeof version !== "string") return refused(400, id, ERROR_CODES.invalidParams, missingMeta(META.protocolVersion, "a string such as \"2026-07-28\""));
  if (!isModernVersion(version)) {
    return refused(400, id, MODERN_ERROR_CODES.unsupportedProtocolVersion, `Unsupported protocol version ${version}`, { supported: SUPPORTED_VERSIONS, requested: version });
  }
  const capabilities = meta![META.clientCapabilities];
  if (!isObject(capabilities)) return refused(400, id, ERROR_CODES.invalidParams, missingMeta(META.clientCapabilities, "an object, {} when the client has no optional capabilities"));
  const logLevel = meta![META.logLevel];
  if (logLevel !== undefined && !isLogLevel(logLevel)) return refused(400, id, ERROR_CODES.invalidParams, `params._meta["${META.logLevel}"] must be a log level such as "info", not ${JSON.stringify(logLevel)}`);
  const mismatch = headerMismatch(req, message.method, params, version);
  if (mismatch) return refused(400, id, MODERN_ERROR_CODES.headerMismatch, mismatch);
  const { inputResponses, requestState } = params;
  if (inputResponses !== undefined && !isObject(inputResponses)) return refused(400, id, ERROR_CODES.invalidParams, "params.inputResponses must be an object of answers by input request key");
  if (requestState !== undefined && typeof requestState !== "string") return refused(400, id, ERROR_CODES.invalidParams, "params.requestState must be the string the server sent, echoed unchanged");
  const accept = req.headers.accept ?? "*/*";
  const token = meta!.progressToken;
  return {
    kind: "request",
    request: {
      id: message.id,
      method: message.method,
      params,
      protocolVersion: version,
      capabilities,
      logLevel,
      progressToken: typeof token === "string" || typeof token === "number" ? token : undefined,
      inputResponses,
      requestState,
      acceptsJson: accept.includes("application/json") || accept.includes("*/*"),
      acceptsSse: accept.includes("text/event-stream") || accept.includes("*/*"),
    },
  };
}

/**
 * The request as a 2025 server takes it: the protocol's own `_meta` keys and the MRTR
 * parameters are the gateway's business; progressToken and trace context go on.
 */
export function upstreamMessage(request: ModernRequest): Message {
  const { inputResponses: _answers, requestState: _state, _meta, ...rest } = request.params;
  const kept = Object.entries(_meta ?? {}).filter(([key]) => !key.startsWith(RESERVED_META_PREFIX));
  const params = kept.length > 0 ? { ...rest, _meta: Object.fromEntries(kept) } : rest;
  return { jsonrpc: "2.0", id: request.id, method: request.method, params };
}

/** A header value as sent: plain, or `=?base64?…?=` for what plain ASCII cannot carry. */
export function decodeHeaderValue(value: string): string {
  const encoded = /^=\?base64\?([A-Za-z0-9+/=]*)\?=$/.exec(value);
  return encoded ? Buffer.from(encoded[1]!, "base64").toString("utf8") : value;
}

function headerMismatch(req: HttpRequestHead, method: string, params: Record<string, unknown>, version: string): string | undefined {
  const versionHeader = headerText(req, "mcp-protocol-version");
  if (versionHeader === undefined) return `the MCP-Protocol-Version header is missing: send MCP-Protocol-Version: ${version} with every request`;
  if (versionHeader !== version) return `the MCP-Protocol-Version header (${versionHeader}) does not match params._meta["${META.protocolVersion}"] (${version})`;
  const methodHeader = headerText(req, "mcp-method");
  if (methodHeader === undefined) return `the Mcp-Method header is missing: send Mcp-Method: ${method}`;
  if (methodHeader !== method) return `the Mcp-Method header (${methodHeader}) does not match the method (${method})`;
  const field = NAMED_BY[method];
  if (field === undefined) return undefined;
  const nameHeader = headerText(req, "mcp-name");
  if (nameHeader === undefined) return `the Mcp-Name header is missing: ${method} requests carry params.${field} in it`;
  if (nameHeader !== params[field]) return `the Mcp-Name header (${nameHeader}) does not match params.${field} (${JSON.stringify(params[field])})`;
  return undefined;
}

function headerText(req: HttpRequestHead, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? decodeHeaderValue(value) : undefined;
}

function isModernVersion(version: unknown): boolean {
  return (MODERN_PROTOCOL_VERSIONS as readonly unknown[]).includes(version);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function missingMeta(key: string, what: string): string {
  return `params._meta["${key}"] is missing or malformed: every MCP 2026-07-28 request carries it, ${what}`;
}

function refused(status: number, id: JsonRpcId, code: number, message: string, data?: unknown): ReadRequest {
  return { kind: "refused", refusal: data === undefined ? { status, id, code, message } : { status, id, code, message, data } };
}
