import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { StdioProcess } from "../agent/stdio-process.ts";
import { ERROR_CODES, type JsonRpcId, type MessageHead, isRequest, isResponse, jsonRpcError } from "../protocol/jsonrpc.ts";

export interface SessionOwner {
  tenantId: string;
  keyId: string;
  keyPrefix: string;
  deploymentId: string;
  deploymentName: string;
}

/**
 * One streamable-HTTP MCP session bridged to its own stdio server process. The SDK transport
 * handles the HTTP side (POST/GET/DELETE, SSE or JSON replies, session ids); this class only
 * relays lines, so requests in flight when the process dies get an error instead of hanging.
 */
export class McpSession {
  readonly transport: StreamableHTTPServerTransport;
  lastActive = Date.now();
  private readonly pending = new Set<JsonRpcId>();
  /** progressToken → request id, so progress goes to the stream of the call it belongs to. */
  private readonly progressTokens = new Map<string | number, JsonRpcId>();
  private closed = false;

  constructor(
    readonly owner: SessionOwner,
    private readonly upstream: StdioProcess,
    onInitialized: (session: McpSession) => void,
    private readonly onClosed: (session: McpSession) => void,
  ) {
    this.transport = new StreamableHTTPServerTransport({
      // 192 bits from the CSPRNG: session ids are unguessable, and bound to the key besides.
      sessionIdGenerator: () => randomBytes(24).toString("base64url"),
      onsessioninitialized: () => onInitialized(this),
    });
    this.transport.onmessage = (message) => this.toUpstream(message);
    this.transport.onclose = () => void this.close("the client closed the session");
    upstream.onLine = (line) => this.fromUpstream(line);
    const previousExit = upstream.onExit;
    upstream.onExit = (exit) => {
      previousExit(exit);
      this.failPending(`the MCP server process ${exit.reason}`);
      void this.close(`upstream ${exit.reason}`);
    };
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
    this.onClosed(this);
    await Promise.all([this.transport.close().catch(() => {}), this.upstream.stop(`session closed: ${reason}`)]);
  }

  private toUpstream(message: JSONRPCMessage): void {
    const head = message as MessageHead;
    if (isRequest(head)) {
      this.pending.add(head.id!);
      const token = head.params?._meta?.progressToken;
      if (token !== undefined) this.progressTokens.set(token, head.id!);
    }
    if (!this.upstream.send(JSON.stringify(message)) && !this.upstream.alive && isRequest(head)) {
      this.reply(jsonRpcError(head.id!, ERROR_CODES.upstreamGone, "the MCP server process is not running"));
    }
  }

  private fromUpstream(line: string): void {
    let message: JSONRPCMessage & MessageHead;
    try {
      message = JSON.parse(line);
    } catch {
      return; // Servers sometimes log to stdout; such lines are not protocol messages.
    }
    let relatedRequestId: JsonRpcId | undefined;
    if (isResponse(message)) {
      this.pending.delete(message.id!);
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
    for (const id of this.pending) this.reply(jsonRpcError(id, ERROR_CODES.upstreamGone, why));
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
