import type { SessionPort } from "../agent/session-mux.ts";

/**
 * What a gateway session needs of an initialized server process, wherever it runs: in this
 * process (McpUpstream) or on a node agent across the network (RemoteUpstream).
 */
export interface UpstreamHandle {
  /** The process's answer to the agent's own initialize; clients' initialize is answered from it. */
  readonly initializeResult: Record<string, unknown> | undefined;
  /** The answer for a client that declared these capabilities, when it depends on them (A2A agents' MCP tasks). */
  initializeResultFor?(capabilities: Record<string, unknown>): Record<string, unknown>;
  /** A new session's end of the process. */
  attach(): SessionPort;
  /** Calls `listener` when the process ends; the returned function stops that. */
  onExit(listener: (exit: { reason: string }) => void): () => void;
}

/** A process leased for a session, and where it runs: what another gateway needs to find it again. */
export interface Lease {
  handle: UpstreamHandle;
  node: string;
  process: string;
}
