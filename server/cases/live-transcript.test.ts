import { describe, expect, it } from "vitest";
import type { TurnEvent, TurnOutcome } from "../../runner/agents/events.ts";
import { type TranscriptEntry, answerConfirmation, foldEvent, parseSse } from "./live-transcript.ts";

const outcome = (patch: Partial<TurnOutcome>): TurnOutcome => ({
  conversationId: "c",
  turn: 1,
  status: "completed",
  stopReason: "completed",
  answer: null,
  error: null,
  confirmations: [],
  steps: 2,
  usage: { inputTokens: 10, outputTokens: 5 },
  ...patch,
});

const fold = (events: TurnEvent[], from: TranscriptEntry[] = []) => events.reduce<TranscriptEntry[]>(foldEvent, from);

describe("live transcript", () => {
  it("folds a turn: the message, text deltas into one entry per step, a tool call and its result, the finish", () => {
    const entries = fold([
      { type: "turn-start", conversationId: "c", turn: 1, input: "Where is 1002?" },
      { type: "step-start", turn: 1, step: 1, role: "executor", model: "scripted" },
      { type: "tool-call", step: 1, toolCallId: "t1", name: "lookup_order", deployment: "desk", tool: "lookup_order", args: { orderId: "1002" }, needsConfirmation: false },
      { type: "tool-result", toolCallId: "t1", name: "lookup_order", status: "done", result: { ok: true }, error: null, durationMs: 12 },
      { type: "text-delta", step: 2, role: "executor", text: "It has " },
      { type: "text-delta", step: 2, role: "executor", text: "shipped." },
      { type: "turn-finish", outcome: outcome({ answer: "It has shipped." }) },
    ]);
    expect(entries.map((e) => e.kind)).toEqual(["user", "tool", "text", "finish"]);
    expect(entries[1]).toMatchObject({ name: "lookup_order", args: { orderId: "1002" }, status: "done", result: { ok: true }, durationMs: 12 });
    expect(entries[2]).toEqual({ kind: "text", step: 2, text: "It has shipped." });
  });

  it("an answer that came without deltas is shown; a confirmation is asked, answered, and its call completes", () => {
    const paused = fold([
      { type: "turn-start", conversationId: "c", turn: 1, input: "Refund 1001" },
      { type: "tool-call", step: 1, toolCallId: "t2", name: "issue_refund", deployment: "desk", tool: "issue_refund", args: { amount: 89 }, needsConfirmation: true },
      {
        type: "confirmation-required",
        confirmations: [{ id: "k", toolCallId: "t2", name: "issue_refund", deployment: "desk", tool: "issue_refund", args: { amount: 89 }, message: "Run issue_refund?", requestedSchema: { type: "object", properties: {} } }],
      },
      { type: "turn-finish", outcome: outcome({ status: "awaiting_confirmation", stopReason: "awaiting_confirmation" }) },
    ]);
    expect(paused[1]).toMatchObject({ kind: "tool", status: "awaiting_confirmation" });
    const answered = answerConfirmation(paused, "accept");
    expect(answered.find((e) => e.kind === "confirm")).toMatchObject({ answered: "accept" });
    const done = fold(
      [
        { type: "turn-start", conversationId: "c", turn: 1, input: [{ id: "k", action: "accept" }] },
        { type: "tool-result", toolCallId: "t2", name: "issue_refund", status: "done", result: { refund: "R-1" }, error: null, durationMs: 3 },
        { type: "turn-finish", outcome: outcome({ answer: "Refund R-1 approved." }) },
      ],
      answered,
    );
    expect(done.map((e) => e.kind)).toEqual(["user", "tool", "confirm", "finish", "answers", "text", "finish"]);
    expect(done.filter((e) => e.kind === "tool")).toHaveLength(1);
    expect(done[1]).toMatchObject({ status: "done", result: { refund: "R-1" } });
    expect(done[5]).toMatchObject({ text: "Refund R-1 approved." });
  });

  it("parses Server-Sent Events across chunks, skipping keep-alives", () => {
    const first = parseSse('id: 1\nevent: turn-start\ndata: {"a":1}\n\n: keep-alive\n\nevent: tool-call\ndata: {"b"');
    expect(first.events).toEqual([{ event: "turn-start", data: '{"a":1}' }]);
    const second = parseSse(`${first.rest}:2}\n\n`);
    expect(second).toEqual({ events: [{ event: "tool-call", data: '{"b":2}' }], rest: "" });
  });
});
