import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { McpUpstream } from "../agent/mcp-upstream.ts";
import type { Message, SessionPort } from "../agent/session-mux.ts";
import type { JsonRpcId } from "../protocol/jsonrpc.ts";
import { fromClient } from "./client-messages.ts";
import type { UsageRecorder } from "./usage.ts";

export interface SessionOwner {
  tenantId: string;
  keyId: string;
  keyPrefix: string;
  deploymentId: string;
  deploymentName: string;
}

export interface SessionHooks {
  onInitialized(session: McpSession): void;
  onClosed(session: McpSession): void;
  /** Gives the process back to its pool when the session ends. */
  release(upstream: McpUpstream, reason: string): Promise<void>;
  usage?: UsageRecorder;
}

/**
 * One streamable-HTTP MCP session on a process leased from a warm pool. The agent already
 * initialized that process, so the client's initialize is answered here from its result; every
 * other message goes through the process's session port, which keeps sessions apart when a
 * shareable server serves several, and fails calls in flight when the process dies.
 */
export class McpSession {
  readonly transport: StreamableHTTPServerTransport;
  lastActive = Date.now();
  private readonly port: SessionPort;
  /** progressToken → request id, so progress goes to the HTTP stream of the call it belongs to. */
  private readonly progressTokens = new Map<string | number, JsonRpcId>();
  private closed = false;

  constructor(
    readonly owner: SessionOwner,
    private readonly upstream: McpUpstream,
    private readonly hooks: SessionHooks,
  ) {
    this.transport = new StreamableHTTPServerTransport({
      // 192 bits from the CSPRNG: session ids are unguessable, and bound to the key besides.
      sessionIdGenerator: () => randomBytes(24).toString("base64url"),
      onsessioninitialized: () => hooks.onInitialized(this),
    });
    this.transport.onmessage = (message) => this.fromClient(message as Message);
    this.transport.onclose = () => void this.close("the client closed the session");
    this.port = upstream.mux.attach();
    this.port.onMessage = (message) => this.toClient(message);
    this.port.onCall = (ms, failed, bytes) => hooks.usage?.record(owner.keyId, ms, failed, bytes);
    upstream.onExit((exit) => void this.close(`upstream ${exit.reason}`));
  }

  get id(): string | undefined {
    return this.transport.sessionId;
  }

  handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    this.lastActive = Date.now();
    return this.transport.handleRequest(req, res, body);
  }

  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.detach();
    this.hooks.onClosed(this);
    await Promise.all([this.transport.close().catch(() => {}), this.hooks.release(this.upstream, `session closed: ${reason}`)]);
  }

  private fromClient(message: Message): void {
    const token = message.params?._meta?.progressToken as string | number | undefined;
    if (token !== undefined && message.id !== undefined) this.progressTokens.set(token, message.id);
    const reply = fromClient(message, this.upstream, this.port);
    if (reply) this.send(reply);
  }

  private toClient(message: Message): void {
    let relatedRequestId: JsonRpcId | undefined;
    if (message.method === "notifications/progress") {
      relatedRequestId = this.progressTokens.get(message.params?.progressToken as string | number);
    } else if (message.method === undefined) {
      for (const [token, requestId] of this.progressTokens) if (requestId === message.id) this.progressTokens.delete(token);
    }
    this.send(message, relatedRequestId);
  }

  private send(message: Message, relatedRequestId?: JsonRpcId): void {
    const options = relatedRequestId === undefined || relatedRequestId === null ? undefined : { relatedRequestId };
    this.transport.send(message as JSONRPCMessage, options).catch(() => {});
  }
}
