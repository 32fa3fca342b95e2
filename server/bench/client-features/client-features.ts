import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type ClientCapabilities, CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { RootsList } from "./roots.ts";
import { ServerRequests } from "./server-requests.ts";

/**
 * What the bench's client declares at initialize. Declaring matters: the gateway initializes its
 * processes with every capability and answers, on a client's behalf, the requests that client did
 * not declare (no roots; method not found for sampling and elicitation). `elicitation: {}` is form
 * mode, the one shape every revision since 2025-06-18 understands.
 */
export const BENCH_CLIENT_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: {},
  roots: { listChanged: true },
};

/** The client side of one tab: the requests waiting for the user, and the roots it offers. */
export class ClientFeatures {
  readonly requests = new ServerRequests();
  readonly roots = new RootsList();

  /**
   * Answers the server's sampling and elicitation requests through the page and roots/list from
   * the list. Must run before connect: a server may ask as soon as the session starts.
   */
  install(client: Client): void {
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => this.requests.ask("elicitation", request.params, extra.signal));
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => this.requests.ask("sampling", request.params, extra.signal));
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [...this.roots.roots] }));
  }

  /** Tells `client`'s server whenever the roots change; returns the function that stops it. */
  announceRoots(client: Client): () => void {
    return this.roots.onChange(() => void client.sendRootsListChanged().catch(() => undefined));
  }
}
