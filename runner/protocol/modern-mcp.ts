/**
 * The stateless MCP revisions (2026-07-28 on, "modern"): every request carries the revision and
 * the client's capabilities in `params._meta`, and there is no initialize and no session.
 */
export const MODERN_PROTOCOL_VERSIONS = ["2026-07-28"] as const;

/** The reserved `_meta` keys of a modern request and result. */
export const META = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  logLevel: "io.modelcontextprotocol/logLevel",
  serverInfo: "io.modelcontextprotocol/serverInfo",
  subscriptionId: "io.modelcontextprotocol/subscriptionId",
} as const;

/** Every `_meta` key under this prefix is the protocol's own, never forwarded to a 2025 server. */
export const RESERVED_META_PREFIX = "io.modelcontextprotocol/";

/** Error codes the modern revisions define (-32020..-32099 are reserved for the spec). */
export const MODERN_ERROR_CODES = {
  headerMismatch: -32020,
  missingRequiredClientCapability: -32021,
  unsupportedProtocolVersion: -32022,
} as const;

/** Methods of the 2025 revisions that 2026-07-28 removed (initialize is how a legacy client opens). */
const REMOVED_METHODS = new Set([
  "ping",
  "logging/setLevel",
  "resources/subscribe",
  "resources/unsubscribe",
  "notifications/initialized",
  "notifications/roots/list_changed",
]);

export function isRemovedMethod(method: string): boolean {
  return REMOVED_METHODS.has(method) || method.startsWith("tasks/");
}

/** The only requests a server may answer with `input_required`. */
export const INPUT_REQUIRED_METHODS = new Set(["tools/call", "prompts/get", "resources/read"]);

/** Results a client may cache: they carry `ttlMs` and `cacheScope`. */
export const CACHEABLE_METHODS = new Set(["tools/list", "prompts/list", "resources/list", "resources/templates/list", "resources/read"]);

/** Syslog severities, least severe first. */
export const LOG_LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: unknown): value is LogLevel {
  return (LOG_LEVELS as readonly unknown[]).includes(value);
}

/** True when a message at `level` is to reach a client that asked for `threshold` and above. */
export function logLevelPasses(level: unknown, threshold: LogLevel): boolean {
  return isLogLevel(level) && LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}
