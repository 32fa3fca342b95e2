/**
 * JSON-RPC by hand for the light clients: ids counted from 0 per session (the SDK's initialize
 * is 0, its first call 1, so sessions' ids overlap as real clients' do), replies matched by id,
 * a timeout per request. A transport only moves messages; this keeps the books.
 */
import { PROTOCOL_VERSION } from "../settings.ts";

export type Reply = { kind: "result"; result: unknown } | { kind: "error"; why: string } | { kind: "lost"; why: string };

/** A JSON-RPC message as the light clients read it. */
export interface RpcMessage {
  id?: unknown;
  method?: string;
  result?: unknown;
  error?: { message?: string };
}

/** Carries a message to the server; a request's reply comes back through `RpcSession.receive`. */
export type SendMessage = (message: { id?: number; method: string; params?: unknown }) => void;

export class RpcSession {
  /** Replies that answer no request in flight on this session: an id never sent, or answered already. */
  strays = 0;
  /** The revision the server agreed to in initialize. */
  protocolVersion = PROTOCOL_VERSION;
  private nextId = 0;
  private readonly waiting = new Map<number, { settle: (reply: Reply) => void; timer: NodeJS.Timeout }>();
  /** Requests given up on; their late replies are neither answers nor strays. */
  private readonly expired = new Set<number>();
  send: SendMessage = () => {
    throw new Error("rpc session: no transport attached");
  };

  constructor(private readonly timeoutMs: number) {}

  request(method: string, params: unknown): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((settle) => {
      const timer = setTimeout(() => {
        this.expired.add(id);
        this.settle(id, { kind: "lost", why: `no reply within ${this.timeoutMs / 1000} s` });
      }, this.timeoutMs);
      this.waiting.set(id, { settle, timer });
      this.send({ id, method, params });
    });
  }

  notify(method: string): void {
    this.send({ method });
  }

  /** A message from the server: a reply settles its request; server requests and notifications are ignored. */
  receive(message: RpcMessage): void {
    if (message.method !== undefined) return;
    const id = message.id as number;
    if (!this.waiting.has(id)) {
      if (!this.expired.delete(id)) this.strays++;
      return;
    }
    this.settle(id, message.error === undefined ? { kind: "result", result: message.result } : { kind: "error", why: message.error.message ?? "JSON-RPC error" });
  }

  /** The transport could not deliver request `id` or its reply. */
  fail(id: number, reply: Reply): void {
    this.settle(id, reply);
  }

  /** The connection is gone: every request still waiting is lost. */
  failAll(why: string): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, { kind: "lost", why });
  }

  async initialize(): Promise<void> {
    const reply = await this.request("initialize", { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "switchyard-bench", version: "1" } });
    if (reply.kind !== "result") throw new Error(`initialize failed: ${reply.why}`);
    this.protocolVersion = (reply.result as { protocolVersion?: string }).protocolVersion ?? PROTOCOL_VERSION;
    this.notify("notifications/initialized");
  }

  private settle(id: number, reply: Reply): void {
    const entry = this.waiting.get(id);
    if (!entry) return;
    this.waiting.delete(id);
    clearTimeout(entry.timer);
    entry.settle(reply);
  }
}

/** A light client's open session: its JSON-RPC books and how to end it. */
export interface LightSession {
  rpc: RpcSession;
  close(): Promise<void>;
}
