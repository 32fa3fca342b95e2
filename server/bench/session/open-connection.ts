import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Implementation, JSONRPCMessage, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { BENCH_CLIENT_CAPABILITIES, type ClientFeatures } from "../client-features/client-features.ts";
import type { ConnectionSpec } from "./connection-spec.ts";
import { RecordingTransport } from "./recording-transport.ts";
import { STATELESS_REVISION, StatelessClientTransport } from "./stateless-transport.ts";
import type { Timeline } from "./timeline.ts";
import { type WebSocketFactory, WebSocketTunnelTransport } from "./websocket-tunnel.ts";

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
  /** Sends a message as it is, past the SDK (the raw console's notifications and replies); recorded in the timeline. */
  sendRaw(message: JSONRPCMessage): Promise<void>;
  close(): Promise<void>;
}

export const CLIENT_INFO = { name: "switchyard-bench", version: "0.1.0" };

/** How long initialize may take before the connection counts as failed. */
export const INITIALIZE_TIMEOUT_MS = 20_000;

/**
 * Opens one MCP session with the SDK's client over the spec's transport, every request going
 * through `fetch` (the bench tunnel), every message recorded in `timeline`. With `features`, the client declares sampling,
 * elicitation and roots and answers them through the page.
 */
export async function openConnection(
  spec: ConnectionSpec,
  options: { timeline: Timeline; fetch: FetchLike; features?: ClientFeatures; webSocket?: { proxyUrl?: string; open?: WebSocketFactory } },
): Promise<OpenConnection> {
  const url = new URL(spec.url);
  const requestInit = { headers: spec.headers };
  // The stateless revision records the wire itself: what the Client sends is translated first.
  const inner: Transport | undefined =
    spec.revision === STATELESS_REVISION
      ? undefined
      : spec.transport === "sse"
        ? new SSEClientTransport(url, { fetch: options.fetch, requestInit })
        : spec.transport === "websocket"
          ? new WebSocketTunnelTransport(url, spec.headers, options.webSocket)
          : new StreamableHTTPClientTransport(url, { fetch: options.fetch, requestInit });
  const transport = inner
    ? new RecordingTransport(inner, options.timeline, spec.revision)
    : new StatelessClientTransport(url, { fetch: options.fetch, headers: spec.headers, timeline: options.timeline });
  const client = new Client(CLIENT_INFO, { capabilities: options.features ? BENCH_CLIENT_CAPABILITIES : {} });
  options.features?.install(client);
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
    sendRaw: (message) => transport.send(message),
    close: async () => {
      // Ends the server's session too (DELETE), where the transport has one; then the stream.
      if (inner instanceof StreamableHTTPClientTransport) await inner.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
