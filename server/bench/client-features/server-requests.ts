import type { CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

/** A request from the server waiting for the user (roots are answered from the tab's list, without asking). */
export type PendingRequest =
  | { key: number; kind: "elicitation"; params: ElicitRequest["params"]; received: number }
  | { key: number; kind: "sampling"; params: CreateMessageRequest["params"]; received: number };

type AnswerOf<K extends PendingRequest["kind"]> = K extends "elicitation" ? ElicitResult : CreateMessageResult;

/** The JSON-RPC code a client answers with when its user refuses a sampling request (as in the spec's example). */
export const USER_REJECTED = -1;

/** Requests waiting at once; past this the oldest is refused, so a chatty server cannot pile them up. */
export const PENDING_LIMIT = 20;

interface Waiting {
  request: PendingRequest;
  resolve: (result: ElicitResult | CreateMessageResult) => void;
  reject: (error: Error) => void;
}

/**
 * The server's requests that wait for the user's answer: a small store the page reads through
 * useSyncExternalStore. `ask` returns the answer the SDK sends back; a request the server
 * cancels (or a connection that closes) leaves the list on its own.
 */
export class ServerRequests {
  private waiting = new Map<number, Waiting>();
  private list: readonly PendingRequest[] = [];
  private next = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: () => number = () => Date.now()) {}

  ask<K extends PendingRequest["kind"]>(kind: K, params: Extract<PendingRequest, { kind: K }>["params"], signal?: AbortSignal): Promise<AnswerOf<K>> {
    const request = { key: ++this.next, kind, params, received: this.clock() } as PendingRequest;
    return new Promise<AnswerOf<K>>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error("the server cancelled the request"));
      if (this.waiting.size >= PENDING_LIMIT) {
        const oldest = this.waiting.keys().next().value!;
        this.settle(oldest)?.reject(new McpError(USER_REJECTED, `too many requests waiting for the user (${PENDING_LIMIT}): the oldest is refused`));
      }
      this.waiting.set(request.key, { request, resolve: resolve as Waiting["resolve"], reject });
      signal?.addEventListener("abort", () => this.settle(request.key)?.reject(new Error("the server cancelled the request")), { once: true });
      this.publish();
    });
  }

  /** The user's answer; false when the request is gone already (cancelled by the server). */
  answer(key: number, result: ElicitResult | CreateMessageResult): boolean {
    const waiting = this.settle(key);
    waiting?.resolve(result);
    return waiting !== undefined;
  }

  /** The user refuses: the server gets a JSON-RPC error with `message`. */
  refuse(key: number, message: string): boolean {
    const waiting = this.settle(key);
    waiting?.reject(new McpError(USER_REJECTED, message));
    return waiting !== undefined;
  }

  /** Every waiting request fails (the connection closed or was replaced). */
  clear(reason: string): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    this.publish();
    for (const w of all) w.reject(new Error(reason));
  }

  snapshot = (): readonly PendingRequest[] => this.list;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private settle(key: number): Waiting | undefined {
    const waiting = this.waiting.get(key);
    if (!waiting) return undefined;
    this.waiting.delete(key);
    this.publish();
    return waiting;
  }

  private publish(): void {
    this.list = [...this.waiting.values()].map((w) => w.request);
    for (const listener of this.listeners) listener();
  }
}
