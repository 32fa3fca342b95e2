/**
 * What the runtime expects of a ConversationStore, whichever one it is. The in-memory store's test
 * and the Prisma store's test (PGlite, and PostgreSQL when DATABASE_URL is set) run this suite.
 */
import type { ModelMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConversationStore, ConversationNotFoundError, type NewConversation, type ToolCallRecord } from "./conversation-store.ts";

export interface OpenedStore {
  store: ConversationStore;
  /** A conversation the store can create (its agent version exists where the store needs one). */
  newConversation: () => Promise<NewConversation>;
  cleanup: () => Promise<void>;
}

const MESSAGES: ModelMessage[] = [
  { role: "user", content: "Where is order 1002? Ünïcödé “quotes” \\ backslash" },
  {
    role: "assistant",
    content: [
      { type: "text", text: "Let me look." },
      { type: "tool-call", toolCallId: "call_1", toolName: "lookup_order", input: { orderId: "1002", nested: { list: [1, 2.5, null, true] } } },
      { type: "tool-approval-request", approvalId: "ap_1", toolCallId: "call_1" },
    ],
  },
  { role: "tool", content: [{ type: "tool-approval-response", approvalId: "ap_1", approved: false, reason: "no" }] },
  { role: "tool", content: [{ type: "tool-result", toolCallId: "call_1", toolName: "lookup_order", output: { type: "execution-denied", reason: "no" } }] },
];

function call(id: string, patch: Partial<ToolCallRecord> = {}): ToolCallRecord {
  return { id, turn: 1, step: 1, name: "lookup_order", deployment: "desk", tool: "lookup_order", args: { orderId: "1002" }, status: "running", result: null, error: null, confirmation: null, durationMs: null, ...patch };
}

export function runConversationStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(name, () => {
    let opened: OpenedStore | undefined;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });
    const store = () => opened!.store;
    const fresh = async () => store().create(await opened!.newConversation());

    it("creates an idle conversation and reads it back", async () => {
      const spec = await opened!.newConversation();
      const created = await store().create(spec);
      expect(created).toMatchObject({ ...spec, status: "idle", leaseUntil: null, turns: 0, usage: { inputTokens: 0, outputTokens: 0 } });
      expect(await store().get(created.id)).toEqual(created);
      expect(await store().get("00000000-0000-0000-0000-000000000000")).toBeUndefined();
    });

    it("claims only from the state the caller saw, and exactly once when two try at the same time", async () => {
      const c = await fresh();
      const lease = new Date("2031-02-03T04:05:06.789Z");
      const [a, b] = await Promise.all([
        store().claim(c.id, c, { status: "running", leaseUntil: lease, turns: 1 }),
        store().claim(c.id, c, { status: "running", leaseUntil: lease, turns: 1 }),
      ]);
      expect([a, b].sort()).toEqual([false, true]);
      const running = (await store().get(c.id))!;
      expect(running).toMatchObject({ status: "running", leaseUntil: lease, turns: 1 });
      expect(await store().claim(c.id, c, { status: "running", leaseUntil: null })).toBe(false);
      expect(await store().claim(c.id, running, { status: "awaiting_confirmation", leaseUntil: null })).toBe(true);
      expect(await store().get(c.id)).toMatchObject({ status: "awaiting_confirmation", leaseUntil: null, turns: 1 });
    });

    it("releases with the new status, no lease, and the usage added", async () => {
      const c = await fresh();
      await store().claim(c.id, c, { status: "running", leaseUntil: new Date(Date.now() + 60_000), turns: 1 });
      await store().release(c.id, { status: "idle", usage: { inputTokens: 120, outputTokens: 7 } });
      await store().release(c.id, { status: "awaiting_confirmation", usage: { inputTokens: 3, outputTokens: 1 } });
      expect(await store().get(c.id)).toMatchObject({ status: "awaiting_confirmation", leaseUntil: null, usage: { inputTokens: 123, outputTokens: 8 } });
    });

    it("keeps the model messages exactly, in the order they were appended", async () => {
      const c = await fresh();
      await store().appendMessages(c.id, 1, MESSAGES.slice(0, 2));
      await store().appendMessages(c.id, 1, []);
      await store().appendMessages(c.id, 1, MESSAGES.slice(2));
      const read = await store().messages(c.id);
      expect(read).toEqual(MESSAGES);
      (read[0] as { content: string }).content = "changed by the caller";
      expect((await store().messages(c.id))[0]).toEqual(MESSAGES[0]);
    });

    it("starts, updates and lists turns", async () => {
      const c = await fresh();
      const startedAt = new Date("2030-01-01T00:00:00.123Z");
      await store().startTurn(c.id, { index: 2, input: "second", startedAt });
      await store().startTurn(c.id, { index: 1, input: "first", startedAt });
      await store().updateTurn(c.id, 1, { status: "completed", stopReason: "completed", answer: "done", steps: 3, usage: { inputTokens: 10, outputTokens: 2 }, finishedAt: startedAt });
      await store().updateTurn(c.id, 2, { status: "awaiting_confirmation" });
      expect(await store().turns(c.id)).toEqual([
        { index: 1, input: "first", status: "completed", stopReason: "completed", answer: "done", error: null, steps: 3, usage: { inputTokens: 10, outputTokens: 2 }, startedAt, finishedAt: startedAt },
        { index: 2, input: "second", status: "awaiting_confirmation", stopReason: null, answer: null, error: null, steps: 0, usage: { inputTokens: 0, outputTokens: 0 }, startedAt, finishedAt: null },
      ]);
    });

    it("records steps in turn and step order", async () => {
      const c = await fresh();
      const startedAt = new Date("2030-01-01T00:00:01.000Z");
      const step = (turn: number, index: number) => ({ turn, index, role: "executor" as const, model: "m", text: `t${turn}.${index}`, finishReason: "stop", usage: { inputTokens: 1, outputTokens: 2 }, detail: { context: { droppedTurns: 0 }, provider: { rule: "r" } }, startedAt, durationMs: 5 });
      await store().addStep(c.id, step(2, 1));
      await store().addStep(c.id, step(1, 2));
      await store().addStep(c.id, step(1, 1));
      expect((await store().steps(c.id)).map((s) => s.text)).toEqual(["t1.1", "t1.2", "t2.1"]);
      expect((await store().steps(c.id))[0]).toEqual(step(1, 1));
    });

    it("saves tool calls in the order first seen, each replaced by its latest state", async () => {
      const c = await fresh();
      await store().saveToolCall(c.id, call("b"));
      await store().saveToolCall(c.id, call("a", { args: "{not json", status: "error", error: "Invalid input" }));
      await store().saveToolCall(c.id, call("b", { status: "awaiting_confirmation", confirmation: { id: "ap_1" } }));
      await store().saveToolCall(c.id, call("b", { status: "done", result: { content: [{ type: "text", text: "ok" }], structuredContent: { ok: true } }, confirmation: { id: "ap_1", action: "accept" }, durationMs: 12 }));
      expect(await store().toolCalls(c.id)).toEqual([
        call("b", { status: "done", result: { content: [{ type: "text", text: "ok" }], structuredContent: { ok: true } }, confirmation: { id: "ap_1", action: "accept" }, durationMs: 12 }),
        call("a", { args: "{not json", status: "error", error: "Invalid input" }),
      ]);
      const other = await fresh();
      await store().saveToolCall(other.id, call("b"));
      expect(await store().toolCalls(other.id)).toEqual([call("b")]);
    });

    it("says which conversation does not exist", async () => {
      const missing = "00000000-0000-0000-0000-000000000000";
      for (const read of [() => store().messages(missing), () => store().turns(missing), () => store().steps(missing), () => store().toolCalls(missing)]) {
        await expect(read()).rejects.toThrow(ConversationNotFoundError);
      }
    });
  });
}
