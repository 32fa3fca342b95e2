import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import {
  type ConversationRecord,
  type ConversationStore,
  ConversationNotFoundError,
  type NewConversation,
  type StepRecord,
  type ToolCallRecord,
  type TurnRecord,
} from "./conversation-store.ts";

interface Entry {
  record: ConversationRecord;
  messages: ModelMessage[];
  turns: TurnRecord[];
  steps: StepRecord[];
  calls: Map<string, ToolCallRecord>;
}

/** Conversations in this process only: for tests and for running an agent without a database. */
export class MemoryConversationStore implements ConversationStore {
  private readonly entries = new Map<string, Entry>();

  async create(conversation: NewConversation): Promise<ConversationRecord> {
    const now = new Date();
    const record: ConversationRecord = {
      id: randomUUID(),
      ...conversation,
      status: "idle",
      leaseUntil: null,
      turns: 0,
      usage: { inputTokens: 0, outputTokens: 0 },
      createdAt: now,
      updatedAt: now,
    };
    this.entries.set(record.id, { record, messages: [], turns: [], steps: [], calls: new Map() });
    return clone(record);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const entry = this.entries.get(id);
    return entry && clone(entry.record);
  }

  async claim(id: string, seen: Pick<ConversationRecord, "status" | "leaseUntil">, next: { status: ConversationRecord["status"]; leaseUntil: Date | null; turns?: number }): Promise<boolean> {
    const { record } = this.entry(id);
    if (record.status !== seen.status || record.leaseUntil?.getTime() !== seen.leaseUntil?.getTime()) return false;
    record.status = next.status;
    record.leaseUntil = next.leaseUntil;
    if (next.turns !== undefined) record.turns = next.turns;
    record.updatedAt = new Date();
    return true;
  }

  async release(id: string, next: { status: ConversationRecord["status"]; usage: ConversationRecord["usage"] }): Promise<void> {
    const { record } = this.entry(id);
    record.status = next.status;
    record.leaseUntil = null;
    record.usage = { inputTokens: record.usage.inputTokens + next.usage.inputTokens, outputTokens: record.usage.outputTokens + next.usage.outputTokens };
    record.updatedAt = new Date();
  }

  async messages(id: string): Promise<ModelMessage[]> {
    return clone(this.entry(id).messages);
  }

  async appendMessages(id: string, _turn: number, messages: ModelMessage[]): Promise<void> {
    this.entry(id).messages.push(...clone(messages));
  }

  async startTurn(id: string, turn: Pick<TurnRecord, "index" | "input" | "startedAt">): Promise<void> {
    this.entry(id).turns.push({ ...turn, status: "running", stopReason: null, answer: null, error: null, steps: 0, usage: { inputTokens: 0, outputTokens: 0 }, finishedAt: null });
  }

  async updateTurn(id: string, index: number, patch: Partial<Omit<TurnRecord, "index" | "input" | "startedAt">>): Promise<void> {
    const turn = this.entry(id).turns.find((t) => t.index === index);
    if (!turn) throw new Error(`conversation ${id} has no turn ${index}`);
    Object.assign(turn, clone(patch));
  }

  async turns(id: string): Promise<TurnRecord[]> {
    return clone(this.entry(id).turns).sort((a, b) => a.index - b.index);
  }

  async addStep(id: string, step: StepRecord): Promise<void> {
    this.entry(id).steps.push(clone(step));
  }

  async steps(id: string): Promise<StepRecord[]> {
    return clone(this.entry(id).steps).sort((a, b) => a.turn - b.turn || a.index - b.index);
  }

  async saveToolCall(id: string, call: ToolCallRecord): Promise<void> {
    this.entry(id).calls.set(call.id, clone(call));
  }

  async toolCalls(id: string): Promise<ToolCallRecord[]> {
    return clone([...this.entry(id).calls.values()]);
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new ConversationNotFoundError(id);
    return entry;
  }
}

/** Stored values are copies, as a database would give: callers can never change them in place. */
function clone<T>(value: T): T {
  return structuredClone(value);
}
