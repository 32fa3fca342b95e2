import { randomUUID } from "node:crypto";

/**
 * Elicitations: questions an MCP server asks the user while one of its tools runs
 * (elicitation/create), e.g. "move the dentist to Thursday 14:00?". The runtime's MCP clients
 * declare the capability; a question reaches whoever watches the turn as an event, waits here for
 * the answer, and is recorded on its tool call. With no answer in time it is declined: a server
 * that asks before changing something then changes nothing.
 */

/** The form a server asks for: a flat object of strings, numbers, integers, booleans and enums. */
export interface ElicitationSchema {
  type: "object";
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

export type ElicitationAction = "accept" | "decline" | "cancel";

export interface ElicitationAnswer {
  action: ElicitationAction;
  /** For accept: the values of the form. */
  content?: Record<string, string | number | boolean>;
  /** Why, when the runtime answered for the user (no answer in time, the turn stopped). */
  reason?: string;
}

/** A question waiting for the user, as the turn's watchers receive it. */
export interface PendingElicitation {
  /** What the answer refers to. */
  id: string;
  /** The tool call that is waiting for it; null when the server asked outside any call. */
  toolCallId: string | null;
  /** The tool's name as the model sees it. */
  name: string | null;
  deployment: string;
  tool: string | null;
  message: string;
  requestedSchema: ElicitationSchema;
  /** How long the runtime waits before it declines for the user. */
  timeoutMs: number;
}

/** Where answers travel from whoever answers (the page, an API client, a script) to the waiting run. */
export interface ElicitationInbox {
  /** Starts listening for the answer to `id`; the listener is in place when this resolves. */
  listen(id: string): Promise<{ answer: Promise<ElicitationAnswer>; stop: () => Promise<void> }>;
  deliver(id: string, answer: ElicitationAnswer): Promise<void>;
}

/** Publish/subscribe as the product's engines offer it (in memory, or Redis across processes). */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

const channelOf = (id: string) => `agents:elicitation:${id}`;

/** An inbox over publish/subscribe: the run waiting for an answer may be in another process. */
export class PubSubElicitationInbox implements ElicitationInbox {
  constructor(private readonly pubsub: PubSub) {}

  async listen(id: string) {
    let resolve: (answer: ElicitationAnswer) => void = () => {};
    const answer = new Promise<ElicitationAnswer>((r) => {
      resolve = r;
    });
    const stop = await this.pubsub.subscribe(channelOf(id), (message) => resolve(JSON.parse(message) as ElicitationAnswer));
    return { answer, stop };
  }

  deliver(id: string, answer: ElicitationAnswer): Promise<void> {
    return this.pubsub.publish(channelOf(id), JSON.stringify(answer));
  }
}

/** Publish/subscribe within this process, for a runtime without an engine (tests, scripts). */
export function localPubSub(): PubSub {
  const listeners = new Map<string, Set<(message: string) => void>>();
  return {
    async publish(channel, message) {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    },
    async subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage);
      listeners.set(channel, set);
      return async () => {
        set.delete(onMessage);
        if (set.size === 0) listeners.delete(channel);
      };
    },
  };
}

export function newElicitationId(): string {
  return `elicit-${randomUUID()}`;
}

/**
 * The content a scripted user sends on accept: each property's default, then the script's own
 * values. Fields without either are left out (the server says what is missing).
 */
export function scriptedContent(schema: ElicitationSchema, given: Record<string, string | number | boolean> | undefined): Record<string, string | number | boolean> {
  const content: Record<string, string | number | boolean> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = property.default;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") content[name] = value;
  }
  return { ...content, ...given };
}
