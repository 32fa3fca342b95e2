import type { ModelMessage } from "ai";
import type {
  ConversationRecord,
  ConversationStatus,
  ConversationStore,
  NewConversation,
  StepRecord,
  StopReason,
  ToolCallRecord,
  ToolCallStatus,
  TurnRecord,
  TurnStatus,
  Usage,
} from "../../runner/agents/conversation-store.ts";
import { ConversationNotFoundError } from "../../runner/agents/conversation-store.ts";
import type { AgentRole } from "../../runner/agents/definition.ts";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";

const conversationSelect = {
  id: true,
  tenantId: true,
  title: true,
  status: true,
  leaseUntil: true,
  turns: true,
  inputTokens: true,
  outputTokens: true,
  createdAt: true,
  updatedAt: true,
  agentVersion: { select: { version: true, agent: { select: { slug: true } } } },
} as const;

type ConversationRow = Prisma.AgentConversationGetPayload<{ select: typeof conversationSelect }>;

/** Conversations in PostgreSQL/PGlite: the product's ConversationStore (see conversation-store.contract.ts). */
export class PrismaConversationStore implements ConversationStore {
  constructor(private readonly db: Db) {}

  async create(conversation: NewConversation): Promise<ConversationRecord> {
    const version = await this.db.agentVersion.findFirst({
      where: { version: conversation.agentVersion, agent: { tenantId: conversation.tenantId, slug: conversation.agentId } },
      select: { id: true },
    });
    if (!version) throw new Error(`tenant ${conversation.tenantId} has no agent ${conversation.agentId} ${conversation.agentVersion}`);
    const row = await this.db.agentConversation.create({
      data: { tenantId: conversation.tenantId, agentVersionId: version.id, title: conversation.title },
      select: conversationSelect,
    });
    return toConversation(row);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const row = await this.db.agentConversation.findUnique({ where: { id }, select: conversationSelect });
    return row ? toConversation(row) : undefined;
  }

  async claim(id: string, seen: Pick<ConversationRecord, "status" | "leaseUntil">, next: { status: ConversationStatus; leaseUntil: Date | null; turns?: number }): Promise<boolean> {
    // One conditional UPDATE: it matches only while the row is as the caller read it.
    const { count } = await this.db.agentConversation.updateMany({
      where: { id, status: seen.status, leaseUntil: seen.leaseUntil },
      data: { status: next.status, leaseUntil: next.leaseUntil, ...(next.turns !== undefined ? { turns: next.turns } : {}) },
    });
    return count === 1;
  }

  async release(id: string, next: { status: ConversationStatus; usage: Usage }): Promise<void> {
    await this.db.agentConversation.update({
      where: { id },
      data: { status: next.status, leaseUntil: null, inputTokens: { increment: next.usage.inputTokens }, outputTokens: { increment: next.usage.outputTokens } },
    });
  }

  async messages(id: string): Promise<ModelMessage[]> {
    await this.exists(id);
    const rows = await this.db.agentMessage.findMany({ where: { conversationId: id }, orderBy: { id: "asc" }, select: { content: true } });
    return rows.map((row) => row.content as unknown as ModelMessage);
  }

  async appendMessages(id: string, turn: number, messages: ModelMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // createMany keeps the order of `data` in the ids it assigns (one INSERT … VALUES statement).
    await this.db.agentMessage.createMany({
      data: messages.map((message) => ({ conversationId: id, turn, role: message.role, content: message as unknown as Prisma.InputJsonValue })),
    });
  }

  async startTurn(id: string, turn: Pick<TurnRecord, "index" | "input" | "startedAt">): Promise<void> {
    await this.db.agentTurn.create({ data: { conversationId: id, number: turn.index, input: turn.input, status: "running", startedAt: turn.startedAt } });
  }

  async updateTurn(id: string, index: number, patch: Partial<Omit<TurnRecord, "index" | "input" | "startedAt">>): Promise<void> {
    const { usage, ...rest } = patch;
    await this.db.agentTurn.update({
      where: { conversationId_number: { conversationId: id, number: index } },
      data: { ...rest, ...(usage ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } : {}) },
    });
  }

  async turns(id: string): Promise<TurnRecord[]> {
    await this.exists(id);
    const rows = await this.db.agentTurn.findMany({ where: { conversationId: id }, orderBy: { number: "asc" } });
    return rows.map((row) => ({
      index: row.number,
      input: row.input,
      status: row.status as TurnStatus,
      stopReason: row.stopReason as StopReason | null,
      answer: row.answer,
      error: row.error,
      steps: row.steps,
      usage: { inputTokens: row.inputTokens, outputTokens: row.outputTokens },
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    }));
  }

  async addStep(id: string, step: StepRecord): Promise<void> {
    await this.db.agentStep.create({
      data: {
        conversationId: id,
        turn: step.turn,
        number: step.index,
        role: step.role,
        model: step.model,
        text: step.text,
        finishReason: step.finishReason,
        inputTokens: step.usage.inputTokens,
        outputTokens: step.usage.outputTokens,
        detail: step.detail as Prisma.InputJsonValue,
        startedAt: step.startedAt,
        durationMs: step.durationMs,
      },
    });
  }

  async steps(id: string): Promise<StepRecord[]> {
    await this.exists(id);
    const rows = await this.db.agentStep.findMany({ where: { conversationId: id }, orderBy: [{ turn: "asc" }, { number: "asc" }] });
    return rows.map((row) => ({
      turn: row.turn,
      index: row.number,
      role: row.role as AgentRole,
      model: row.model,
      text: row.text,
      finishReason: row.finishReason,
      usage: { inputTokens: row.inputTokens, outputTokens: row.outputTokens },
      detail: row.detail as Record<string, unknown>,
      startedAt: row.startedAt,
      durationMs: row.durationMs,
    }));
  }

  async saveToolCall(id: string, call: ToolCallRecord): Promise<void> {
    const data = {
      turn: call.turn,
      step: call.step,
      name: call.name,
      deployment: call.deployment,
      tool: call.tool,
      args: json(call.args),
      status: call.status,
      result: call.result === null || call.result === undefined ? Prisma.DbNull : (call.result as Prisma.InputJsonValue),
      error: call.error,
      confirmation: call.confirmation === null ? Prisma.DbNull : (call.confirmation as unknown as Prisma.InputJsonValue),
      durationMs: call.durationMs,
    };
    await this.db.agentToolCall.upsert({
      where: { conversationId_callId: { conversationId: id, callId: call.id } },
      create: { conversationId: id, callId: call.id, ...data },
      update: data,
    });
  }

  async toolCalls(id: string): Promise<ToolCallRecord[]> {
    await this.exists(id);
    const rows = await this.db.agentToolCall.findMany({ where: { conversationId: id }, orderBy: { id: "asc" } });
    return rows.map((row) => ({
      id: row.callId,
      turn: row.turn,
      step: row.step,
      name: row.name,
      deployment: row.deployment,
      tool: row.tool,
      args: row.args,
      status: row.status as ToolCallStatus,
      result: row.result,
      error: row.error,
      confirmation: row.confirmation as ToolCallRecord["confirmation"],
      durationMs: row.durationMs,
    }));
  }

  private async exists(id: string): Promise<void> {
    if (!(await this.db.agentConversation.findUnique({ where: { id }, select: { id: true } }))) throw new ConversationNotFoundError(id);
  }
}

function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    agentId: row.agentVersion.agent.slug,
    agentVersion: row.agentVersion.version,
    title: row.title,
    status: row.status as ConversationStatus,
    leaseUntil: row.leaseUntil,
    turns: row.turns,
    usage: { inputTokens: row.inputTokens, outputTokens: row.outputTokens },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * A value as Prisma stores JSON. Tool arguments of a malformed call are a string, which is JSON
 * too; a value JSON cannot hold (undefined) is stored as null.
 */
function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === undefined || value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}
