/**
 * The server.json `_meta` key that makes a component a remote A2A agent (runner/a2a/remote-agent.ts).
 * On its own in this file so the manifest schema can name it without loading the A2A SDK.
 */
export const A2A_META_KEY = "io.switchyard/a2a";

/** Whether a manifest describes a remote A2A agent (no process: the gateway calls the agent). */
export function isA2aManifest(manifest: { _meta?: Record<string, unknown> }): boolean {
  return manifest._meta?.[A2A_META_KEY] !== undefined;
}
