/** MCP revisions negotiated per session, newest first (DESIGN.md "Protocol coverage"). */
export const SESSION_PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"] as const;
export const LATEST_SESSION_PROTOCOL_VERSION = SESSION_PROTOCOL_VERSIONS[0];

/** The revision a session runs: the client's when we speak it, otherwise our newest. */
export function negotiateVersion(requested: unknown): string {
  return typeof requested === "string" && (SESSION_PROTOCOL_VERSIONS as readonly string[]).includes(requested)
    ? requested
    : LATEST_SESSION_PROTOCOL_VERSION;
}

/** JSON-RPC batches: in MCP until 2025-03-26, removed by 2025-06-18. */
export function allowsBatches(version: string | undefined): boolean {
  return version === "2025-03-26" || version === "2024-11-05";
}
