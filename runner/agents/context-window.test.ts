import type { ModelMessage } from "ai";
import { describe, expect, it } from "vitest";
import { estimateTokens, splitTurns, trimToWindow } from "./context-window.ts";

const user = (text: string): ModelMessage => ({ role: "user", content: text });
const say = (text: string): ModelMessage => ({ role: "assistant", content: text });
const call = (id: string): ModelMessage => ({ role: "assistant", content: [{ type: "tool-call", toolCallId: id, toolName: "search", input: {} }] });
const result = (id: string, size: number): ModelMessage => ({ role: "tool", content: [{ type: "tool-result", toolCallId: id, toolName: "search", output: { type: "text", value: "r".repeat(size) } }] });

/** Three turns of about 100, 500 and 60 tokens. */
const conversation: ModelMessage[] = [user("first"), call("a"), result("a", 300), say("one"), user("second"), call("b"), result("b", 1_900), say("two"), user("third"), call("c"), result("c", 100)];
const size = (messages: ModelMessage[]) => messages.reduce((sum, m) => sum + estimateTokens(m), 0);

describe("the context policy", () => {
  it("estimates ~4 characters per token over the JSON", () => {
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimateTokens({ a: 1 })).toBe(Math.ceil('{"a":1}'.length / 4));
  });

  it("groups messages into turns that start at a user message", () => {
    expect(splitTurns(conversation).map((turn) => turn.length)).toEqual([4, 4, 3]);
    expect(splitTurns([say("hello"), user("hi")]).map((turn) => turn.length)).toEqual([1, 1]);
  });

  it("changes nothing when everything fits", () => {
    const trimmed = trimToWindow({ messages: conversation, fixedTokens: 100, contextWindow: 10_000, maxOutputTokens: 1_000 });
    expect(trimmed).toMatchObject({ messages: conversation, droppedTurns: 0, stubbedOutputs: 0, fits: true, note: undefined, budget: 8_900, tokens: size(conversation) });
  });

  it("drops the oldest whole turns first and says so", () => {
    const [, second, third] = splitTurns(conversation);
    const budget = size([...second!, ...third!]) + 10;
    const trimmed = trimToWindow({ messages: conversation, fixedTokens: 0, contextWindow: budget + 100, maxOutputTokens: 100 });
    expect(trimmed).toMatchObject({ droppedTurns: 1, stubbedOutputs: 0, fits: true });
    expect(trimmed.messages).toEqual([...second!, ...third!]);
    expect(trimmed.note).toBe("Note: to fit the model's context window, 1 earlier turn was left out.");
    // A tool call never loses its result: each kept turn is whole.
    const ids = trimmed.messages.flatMap((m) => (typeof m.content === "string" ? [] : m.content.map((p) => ("toolCallId" in p ? p.toolCallId : null)))).filter(Boolean);
    expect(ids).toEqual(["b", "b", "c", "c"]);
  });

  it("keeps the current turn, shortening its earlier tool outputs when it alone is too big", () => {
    const turn: ModelMessage[] = [user("go"), call("x"), result("x", 4_000), call("y"), result("y", 400)];
    const trimmed = trimToWindow({ messages: [user("old"), say("reply"), ...turn], fixedTokens: 0, contextWindow: 600, maxOutputTokens: 100 });
    expect(trimmed).toMatchObject({ droppedTurns: 1, stubbedOutputs: 1, fits: true });
    expect(trimmed.messages[2]).toEqual({ role: "tool", content: [{ type: "tool-result", toolCallId: "x", toolName: "search", output: { type: "text", value: expect.stringMatching(/^\[output left out to fit the context window: \d+ characters\]$/) } }] });
    // The latest result stays whole.
    expect(trimmed.messages[4]).toEqual(turn[4]);
    expect(trimmed.note).toBe("Note: to fit the model's context window, 1 earlier turn was left out and 1 earlier tool output of this turn was shortened.");
  });

  it("reports that it does not fit when even that is not enough", () => {
    const trimmed = trimToWindow({ messages: [user("go"), call("x"), result("x", 8_000)], fixedTokens: 200, contextWindow: 1_000, maxOutputTokens: 500 });
    expect(trimmed).toMatchObject({ fits: false, budget: 300, droppedTurns: 0, stubbedOutputs: 0 });
    expect(trimmed.tokens).toBeGreaterThan(300);
  });
});
