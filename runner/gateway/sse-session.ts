import type { IncomingMessage, ServerResponse } from "node:http";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { McpUpstream } from "../agent/mcp-upstream.ts";
import type { Message, SessionPort } from "../agent/session-mux.ts";
import { fromClient } from "./client-messages.ts";
import type { SessionOwner } from "./mcp-session.ts";
import type { UsageRecorder } from "./usage.ts";

export interface SseSessionHooks {
  onClosed(session: SseSession): void;
  release(upstream: McpUpstream, reason: string): Promise<void>;
  usage?: UsageRecorder;
}

/**
 * A session on the legacy HTTP+SSE transport (MCP 2024-11-05): a GET opens the event stream and
 * names the message endpoint; the client POSTs its messages there; everything the server says
 * comes down the stream. The SDK's transport does the HTTP; this relays through the port.
 */
export class SseSession {
  readonly transport: SSEServerTransport;
  private readonly port: SessionPort;
  private closed = false;

  constructor(
    readonly owner: SessionOwner,
    private readonly upstream: McpUpstream,
    res: ServerResponse,
    private readonly hooks: SseSessionHooks,
  ) {
    this.transport = new SSEServerTransport(`/sse/${owner.deploymentName}/message`, res);
    this.port = upstream.mux.attach();
    this.port.onMessage = (message) => this.send(message);
    this.port.onCall = (ms, failed, bytes) => hooks.usage?.record(owner.keyId, ms, failed, bytes);
    this.transport.onmessage = (message) => {
      const reply = fromClient(message as Message, upstream, this.port);
      if (reply) this.send(reply);
    };
    this.transport.onclose = () => void this.close("the client closed the stream");
    res.on("close", () => void this.close("the client closed the stream"));
    upstream.onExit((exit) => void this.close(`upstream ${exit.reason}`));
  }

  get id(): string {
    return this.transport.sessionId;
  }

  start(): Promise<void> {
    return this.transport.start();
  }

  handlePost(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    return this.transport.handlePostMessage(req, res, body);
  }

  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.detach();
    this.hooks.onClosed(this);
    await Promise.all([this.transport.close().catch(() => {}), this.hooks.release(this.upstream, `session closed: ${reason}`)]);
  }

  private send(message: Message): void {
    if (!this.closed) this.transport.send(message as JSONRPCMessage).catch(() => {});
  }
}
