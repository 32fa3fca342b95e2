import type { ModelMessage } from "ai";
import type { ConversationStore, StepRecord, ToolCallRecord } from "./conversation-store.ts";
import type { TurnEvent } from "./events.ts";

/**
 * Everything a turn writes, in the order it happened: the store's writes go through one queue (a
 * later write never overtakes an earlier one, and the tool loop is not held up by the database),
 * and events go to the caller as they happen. The first write that fails fails the turn.
 */
export class TurnRecorder {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;
  readonly calls = new Map<string, ToolCallRecord>();

  constructor(
    private readonly store: ConversationStore,
    readonly conversationId: string,
    readonly turn: number,
    private readonly listener: ((event: TurnEvent) => void) | undefined,
    existingCalls: ToolCallRecord[],
  ) {
    for (const call of existingCalls) this.calls.set(call.id, call);
  }

  emit(event: TurnEvent): void {
    try {
      this.listener?.(event);
    } catch {
      // A listener that throws (a client that went away) must not break the turn.
    }
  }

  saveCall(call: ToolCallRecord): void {
    this.calls.set(call.id, call);
    const copy = { ...call };
    this.write(() => this.store.saveToolCall(this.conversationId, copy));
  }

  updateCall(id: string, patch: Partial<ToolCallRecord>): ToolCallRecord | undefined {
    const call = this.calls.get(id);
    if (!call) return undefined;
    const next = { ...call, ...patch };
    this.saveCall(next);
    return next;
  }

  appendMessages(messages: ModelMessage[]): void {
    if (messages.length === 0) return;
    this.write(() => this.store.appendMessages(this.conversationId, this.turn, messages));
  }

  addStep(step: StepRecord): void {
    this.write(() => this.store.addStep(this.conversationId, step));
  }

  write(operation: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await operation();
      } catch (error) {
        this.failure = error;
      }
    });
  }

  /** Waits for every write; throws the first that failed. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) throw this.failure;
  }
}
