import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import type { Message, SessionPort } from "../agent/session-mux.ts";
import { negotiateVersion } from "../protocol/mcp-versions.ts";

/**
 * What every transport does with a client's message: the agent initialized the process
 * already, so `initialize` is answered from its result and `notifications/initialized` is
 * dropped; everything else goes through the session's port. Returns the reply to send the
 * client now, if there is one.
 */
export function fromClient(message: Message, upstream: UpstreamHandle, port: SessionPort): Message | undefined {
  if (message.method === "initialize" && message.id !== undefined) {
    const { protocolVersion, capabilities } = initializeTerms(message);
    port.declareCapabilities(capabilities);
    return { jsonrpc: "2.0", id: message.id, result: { ...(upstream.initializeResultFor?.(capabilities) ?? upstream.initializeResult), protocolVersion } };
  }
  if (message.method === "notifications/initialized") return undefined;
  return port.send(message) as Message | undefined;
}

/** What a client's initialize settles: the revision the session runs, and what the client can do. */
export function initializeTerms(message: Message): { protocolVersion: string; capabilities: Record<string, unknown> } {
  const capabilities = message.params?.capabilities;
  return {
    protocolVersion: negotiateVersion(message.params?.protocolVersion),
    capabilities: typeof capabilities === "object" && capabilities !== null ? (capabilities as Record<string, unknown>) : {},
  };
}
