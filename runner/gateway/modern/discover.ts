import { SUPPORTED_VERSIONS } from "./modern-request.ts";
import { withServerInfo } from "./modern-results.ts";

/**
 * The server capabilities a modern client is told about: what the 2025 server said at the
 * agent's initialize, less `tasks` (an extension now, which the gateway does not bridge) and any
 * `extensions`. List changes and resource subscriptions are bridged into subscriptions/listen.
 */
const BRIDGED_CAPABILITIES = ["experimental", "logging", "completions", "prompts", "resources", "tools"];

/** The answer to server/discover, from the process's own InitializeResult (§2 of the revision). */
export function discoverResult(initializeResult: Record<string, unknown> | undefined): Record<string, unknown> {
  const upstream = (initializeResult?.capabilities ?? {}) as Record<string, unknown>;
  const capabilities = Object.fromEntries(BRIDGED_CAPABILITIES.filter((name) => upstream[name] !== undefined).map((name) => [name, upstream[name]]));
  const instructions = initializeResult?.instructions;
  return withServerInfo(
    {
      resultType: "complete",
      supportedVersions: SUPPORTED_VERSIONS,
      capabilities,
      ...(typeof instructions === "string" ? { instructions } : {}),
      ttlMs: 0,
      cacheScope: "private",
    },
    initializeResult?.serverInfo,
  );
}
