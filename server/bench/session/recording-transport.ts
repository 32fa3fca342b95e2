import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import type { Timeline } from "./timeline.ts";

/**
 * Wraps an MCP transport so every message either way lands in the timeline, and asks for the
 * revision the user picked: the SDK's Client always offers its newest in initialize, so the
 * request is rewritten on the way out (the timeline shows what was really sent). Adds nothing
 * else: sessions, resumption and auth stay the inner transport's.
 */
export class RecordingTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  private closed = false;
  private initializeId: string | number | undefined;
  /** The revision the server answered initialize with. */
  negotiatedRevision: string | undefined;

  constructor(
    private readonly inner: Transport,
    private readonly timeline: Timeline,
    private readonly revision?: string,
  ) {
    inner.onmessage = (message, extra) => {
      this.timeline.record("in", message);
      const reply = message as { id?: string | number; result?: { protocolVersion?: unknown } };
      if (reply.id !== undefined && reply.id === this.initializeId && typeof reply.result?.protocolVersion === "string") {
        this.negotiatedRevision = reply.result.protocolVersion;
      }
      this.onmessage?.(message, extra);
    };
    inner.onerror = (error) => {
      this.timeline.note(`transport error: ${error.message}`);
      this.onerror?.(error);
    };
    inner.onclose = () => {
      // Some transports report their close more than once (both ends of a linked pair).
      if (this.closed) return;
      this.closed = true;
      this.timeline.note("connection closed");
      this.onclose?.();
    };
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const sent = this.revision ? withRevision(message, this.revision) : message;
    if ((sent as { method?: string }).method === "initialize") this.initializeId = (sent as { id?: string | number }).id;
    this.timeline.record("out", sent);
    return this.inner.send(sent, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }
}

/** An initialize request asking for `revision` instead of the SDK's default. */
export function withRevision(message: JSONRPCMessage, revision: string): JSONRPCMessage {
  const m = message as { method?: string; params?: Record<string, unknown> };
  if (m.method !== "initialize" || !m.params) return message;
  return { ...message, params: { ...m.params, protocolVersion: revision } } as JSONRPCMessage;
}
