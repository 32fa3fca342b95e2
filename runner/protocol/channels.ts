/** Engine pub/sub channels and key names shared by the web tier, gateways and agents. */
export const CHANNELS = {
  /** Message: the revoked key's public prefix. Every gateway drops it from its cache. */
  keyRevoked: "keys:revoked",
  /** Message: the id of a streamable-HTTP session that ended for good. Gateways holding it let it go. */
  sessionEnded: "sessions:ended",
  /** Message: the id of a tenant one of whose deployments changed. Gateways look its deployments up again. */
  deploymentsChanged: "deployments:changed",
} as const;

export const ENGINE_KEYS = {
  node: (id: string) => `nodes:${id}`,
  nodesPrefix: "nodes:",
  /** A streamable-HTTP session's owner, node and process: see SessionDirectory. */
  session: (id: string) => `sessions:${id}`,
} as const;
