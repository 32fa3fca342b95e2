import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { McpUpstream } from "../agent/mcp-upstream.ts";
import type { Message } from "../agent/session-mux.ts";
import type { JsonRpcId } from "../protocol/jsonrpc.ts";
import { type SessionHooks, type SessionOwner, UpstreamSession } from "./upstream-session.ts";

export type { SessionOwner } from "./upstream-session.ts";

export interface McpSessionHooks extends SessionHooks<McpSession> {
  onInitialized(session: McpSession): void;
}

/**
 * One streamable-HTTP MCP session on a process leased from a warm pool. The SDK transport does
 * the HTTP (POST/GET/DELETE, JSON or SSE replies, session ids); this only keeps progress on the
 * stream of the call it belongs to.
 */
export class McpSession extends UpstreamSession {
  readonly transport: StreamableHTTPServerTransport;
  lastActive = Date.now();
  /** progressToken → request id, so progress goes to the HTTP stream of the call it belongs to. */
  private readonly progressTokens = new Map<string | number, JsonRpcId>();

  constructor(owner: SessionOwner, upstream: McpUpstream, hooks: McpSessionHooks) {
    super(owner, upstream, hooks);
    this.transport = new StreamableHTTPServerTransport({
      // 192 bits from the CSPRNG: session ids are unguessable, and bound to the key besides.
      sessionIdGenerator: () => randomBytes(24).toString("base64url"),
      onsessioninitialized: () => hooks.onInitialized(this),
    });
    this.transport.onmessage = (message) => this.remember(message as Message);
    this.transport.onclose = () => void this.close("the client closed the session");
  }

  get id(): string | undefined {
    return this.transport.sessionId;
  }

  handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    this.lastActive = Date.now();
    return this.transport.handleRequest(req, res, body);
  }

  protected closeTransport(): Promise<void> {
    return this.transport.close().catch(() => {});
  }

  private remember(message: Message): void {
    const token = message.params?._meta?.progressToken as string | number | undefined;
    if (token !== undefined && message.id !== undefined) this.progressTokens.set(token, message.id);
    this.fromClient(message);
  }

  protected toClient(message: Message): void {
    let relatedRequestId: JsonRpcId | undefined;
    if (message.method === "notifications/progress") {
      relatedRequestId = this.progressTokens.get(message.params?.progressToken as string | number);
    } else if (message.method === undefined) {
      for (const [token, requestId] of this.progressTokens) if (requestId === message.id) this.progressTokens.delete(token);
    }
    const options = relatedRequestId === undefined || relatedRequestId === null ? undefined : { relatedRequestId };
    this.transport.send(message as JSONRPCMessage, options).catch(() => {});
  }
}
