import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Implementation, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { ConnectionSpec } from "./connection-spec.ts";
import { RecordingTransport } from "./recording-transport.ts";
import type { Timeline } from "./timeline.ts";

/** What the server said about itself when the session began. */
export interface ServerSummary {
  requestedRevision: string;
  protocolVersion: string | undefined;
  serverInfo: Implementation | undefined;
  capabilities: ServerCapabilities | undefined;
  instructions: string | undefined;
  sessionId: string | undefined;
}

export interface OpenConnection {
  client: Client;
  summary: ServerSummary;
  close(): Promise<void>;
}

export const CLIENT_INFO = { name: "switchyard-bench", version: "0.1.0" };

/** How long initialize may take before the connection counts as failed. */
export const INITIALIZE_TIMEOUT_MS = 20_000;

/**
 * Opens one MCP session with the SDK's client over the spec's transport, every request going
 * through `fetch` (the bench tunnel), every message recorded in `timeline`.
 */
export async function openConnection(spec: ConnectionSpec, options: { timeline: Timeline; fetch: FetchLike }): Promise<OpenConnection> {
  const url = new URL(spec.url);
  const requestInit = { headers: spec.headers };
  const inner: Transport =
    spec.transport === "sse"
      ? new SSEClientTransport(url, { fetch: options.fetch, requestInit })
      : new StreamableHTTPClientTransport(url, { fetch: options.fetch, requestInit });
  const transport = new RecordingTransport(inner, options.timeline, spec.revision);
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  await client.connect(transport, { timeout: INITIALIZE_TIMEOUT_MS });
  return {
    client,
    summary: {
      requestedRevision: spec.revision,
      protocolVersion: transport.negotiatedRevision,
      serverInfo: client.getServerVersion(),
      capabilities: client.getServerCapabilities(),
      instructions: client.getInstructions(),
      sessionId: transport.sessionId,
    },
    close: async () => {
      // Ends the server's session too (DELETE), where the transport has one; then the stream.
      if (inner instanceof StreamableHTTPClientTransport) await inner.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
