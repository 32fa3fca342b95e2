import type { IncomingMessage, ServerResponse } from "node:http";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import type { Message } from "../agent/session-mux.ts";
import { type SessionHooks, type SessionOwner, UpstreamSession } from "./upstream-session.ts";

/**
 * A session on the legacy HTTP+SSE transport (MCP 2024-11-05): a GET opens the event stream and
 * names the message endpoint; the client POSTs its messages there; everything the server says
 * comes down the stream. The SDK's transport does the HTTP.
 */
export class SseSession extends UpstreamSession {
  readonly transport: SSEServerTransport;

  constructor(owner: SessionOwner, upstream: UpstreamHandle, res: ServerResponse, hooks: SessionHooks<SseSession>) {
    super(owner, upstream, hooks);
    this.transport = new SSEServerTransport(`/sse/${owner.deploymentName}/message`, res);
    this.transport.onmessage = (message) => this.fromClient(message as Message);
    this.transport.onclose = () => void this.close("the client closed the stream");
    res.on("close", () => void this.close("the client closed the stream"));
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

  protected closeTransport(): Promise<void> {
    return this.transport.close().catch(() => {});
  }

  protected toClient(message: Message): void {
    if (!this.closed) this.transport.send(message as JSONRPCMessage).catch(() => {});
  }
}
