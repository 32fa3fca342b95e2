import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { type McpUpstream, OWN_ID_PREFIX } from "../agent/mcp-upstream.ts";
import { ERROR_CODES, type JsonRpcId, type MessageHead, isRequest, isResponse, jsonRpcError } from "../protocol/jsonrpc.ts";
import { negotiateVersion } from "../protocol/mcp-versions.ts";

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
}

/**
 * One streamable-HTTP MCP session on a process leased from a warm pool. The agent already
 * initialized that process, so the client's initialize is answered here from its result; every
 * other message is relayed. Requests in flight when the process dies get an error, never a hang.
 */
export class McpSession {
  readonly transport: StreamableHTTPServerTransport;
  lastActive = Date.now();
  /** Request id → when it was sent, for the process's latency figures. */
  private readonly pending = new Map<JsonRpcId, number>();
  /** progressToken → request id, so progress goes to the stream of the call it belongs to. */
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
    this.transport.onmessage = (message) => this.toUpstream(message);
    this.transport.onclose = () => void this.close("the client closed the session");
    upstream.onMessage = (line) => this.fromUpstream(line);
    upstream.onExit((exit) => {
      this.failPending(`the MCP server process ${exit.reason}`);
      void this.close(`upstream ${exit.reason}`);
    });
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
    this.failPending(`the session ended: ${reason}`);
    this.hooks.onClosed(this);
    await Promise.all([this.transport.close().catch(() => {}), this.hooks.release(this.upstream, `session closed: ${reason}`)]);
  }

  private toUpstream(message: JSONRPCMessage): void {
    const head = message as MessageHead & { params?: { protocolVersion?: unknown } };
    if (head.method === "initialize" && isRequest(head)) return this.answerInitialize(head.id!, head.params?.protocolVersion);
    if (head.method === "notifications/initialized") return; // The agent sent it when it initialized the process.
    if (typeof head.id === "string" && head.id.startsWith(OWN_ID_PREFIX)) {
      return this.reply(jsonRpcError(head.id, ERROR_CODES.invalidRequest, "request ids starting with \\u0000sy: are reserved for Switchyard"));
    }
    if (isRequest(head)) {
      this.pending.set(head.id!, performance.now());
      const token = head.params?._meta?.progressToken;
      if (token !== undefined) this.progressTokens.set(token, head.id!);
    }
    if (!this.upstream.send(JSON.stringify(message)) && !this.upstream.alive && isRequest(head)) {
      this.pending.delete(head.id!);
      this.reply(jsonRpcError(head.id!, ERROR_CODES.upstreamGone, "the MCP server process is not running"));
    }
  }

  private answerInitialize(id: JsonRpcId, requested: unknown): void {
    const result = { ...this.upstream.initializeResult, protocolVersion: negotiateVersion(requested) };
    this.transport.send({ jsonrpc: "2.0", id: id!, result } as JSONRPCMessage).catch(() => {});
  }

  private fromUpstream(line: string): void {
    let message: JSONRPCMessage & MessageHead & { error?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      return; // Servers sometimes log to stdout; such lines are not protocol messages.
    }
    let relatedRequestId: JsonRpcId | undefined;
    if (isResponse(message)) {
      const sent = this.pending.get(message.id!);
      if (sent !== undefined) {
        this.pending.delete(message.id!);
        this.upstream.recordCall(performance.now() - sent, message.error !== undefined);
      }
      this.forgetProgress(message.id!);
    } else if (message.method === "notifications/progress") {
      const token = (message.params as { progressToken?: string | number } | undefined)?.progressToken;
      if (token !== undefined) relatedRequestId = this.progressTokens.get(token);
    }
    this.transport
      .send(message, relatedRequestId === undefined || relatedRequestId === null ? undefined : { relatedRequestId })
      .catch(() => {});
  }

  private failPending(why: string): void {
    for (const id of this.pending.keys()) {
      this.upstream.recordCall(0, true);
      this.reply(jsonRpcError(id, ERROR_CODES.upstreamGone, why));
    }
    this.pending.clear();
    this.progressTokens.clear();
  }

  private reply(message: ReturnType<typeof jsonRpcError>): void {
    this.transport.send(message as JSONRPCMessage).catch(() => {});
  }

  private forgetProgress(id: JsonRpcId): void {
    for (const [token, requestId] of this.progressTokens) if (requestId === id) this.progressTokens.delete(token);
  }
}
