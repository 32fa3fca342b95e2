import { type ElicitationAnswer, type ElicitationInbox, type ElicitationSchema, type PendingElicitation, newElicitationId } from "./elicitations.ts";
import type { TurnRecorder } from "./turn-recorder.ts";

/** Time kept back from the turn's time budget for the decline to reach the server and its answer to come back. */
const DECLINE_MARGIN_MS = 3_000;

/** A server's question as the MCP client received it, with the call it came during. */
export interface ElicitationAsk {
  deployment: string;
  /** The model's id of the tool call the question came during, when one was running. */
  toolCallId: string | null;
  message: string;
  requestedSchema: unknown;
}

/**
 * One run's elicitations: records the question on its tool call, tells the turn's watchers,
 * waits for the answer through the inbox — declining for the user when none comes in time or the
 * run stops — and records the answer. Never accepts on anyone's behalf.
 */
export class ElicitationGate {
  constructor(
    private readonly recorder: TurnRecorder,
    private readonly inbox: ElicitationInbox,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal,
    /** When the run's time budget ends: the user's time to answer ends a little before, so the decline still reaches the server. */
    private readonly deadlineAt = Number.POSITIVE_INFINITY,
  ) {}

  async ask(request: ElicitationAsk): Promise<ElicitationAnswer> {
    const schema = asSchema(request.requestedSchema);
    const timeoutMs = Math.max(1_000, Math.min(this.timeoutMs, this.deadlineAt - Date.now() - DECLINE_MARGIN_MS));
    const call = request.toolCallId ? await this.knownCall(request.toolCallId) : undefined;
    const pending: PendingElicitation = {
      id: newElicitationId(),
      toolCallId: call?.id ?? null,
      name: call?.name ?? null,
      deployment: request.deployment,
      tool: call?.tool ?? null,
      message: request.message,
      requestedSchema: schema,
      timeoutMs,
    };
    const record = { id: pending.id, via: "elicitation" as const, message: pending.message, requestedSchema: schema };
    if (call) this.recorder.updateCall(call.id, { confirmation: record });
    const { answer, stop } = await this.inbox.listen(pending.id);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: () => void = () => {};
    try {
      // The question is in the store before anyone can answer it (the answer route checks it there).
      await this.recorder.flush();
      this.recorder.emit({ type: "elicitation-required", elicitation: pending });
      const seconds = Math.round(timeoutMs / 1000);
      const fallback = new Promise<ElicitationAnswer>((resolve) => {
        timer = setTimeout(() => resolve({ action: "decline", reason: `no answer within ${seconds} s; declined so that nothing changes` }), timeoutMs);
        onAbort = () => resolve({ action: "decline", reason: "the turn stopped before anyone answered; declined so that nothing changes" });
        if (this.signal.aborted) onAbort();
        else this.signal.addEventListener("abort", onAbort, { once: true });
      });
      const given = await Promise.race([answer, fallback]);
      const final: ElicitationAnswer = given.action === "accept" ? { action: "accept", content: given.content ?? {} } : { action: given.action, ...(given.reason ? { reason: given.reason } : {}) };
      if (call) this.recorder.updateCall(call.id, { confirmation: { ...record, ...final } });
      this.recorder.emit({ type: "elicitation-answered", id: pending.id, toolCallId: pending.toolCallId, ...final });
      return final;
    } finally {
      clearTimeout(timer);
      this.signal.removeEventListener("abort", onAbort);
      await stop().catch(() => {});
    }
  }

  /** The tool-call part reaches the recorder just before its execution starts; allow it that moment. */
  private async knownCall(id: string) {
    for (let i = 0; i < 50 && !this.recorder.calls.has(id); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.recorder.calls.get(id);
  }
}

/** The requestedSchema as the page renders it; anything that is not an object schema becomes an empty form. */
function asSchema(value: unknown): ElicitationSchema {
  const schema = (typeof value === "object" && value !== null ? value : {}) as { type?: unknown; properties?: unknown; required?: unknown };
  const properties = typeof schema.properties === "object" && schema.properties !== null ? (schema.properties as ElicitationSchema["properties"]) : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : undefined;
  return { type: "object", properties, ...(required ? { required } : {}) };
}
