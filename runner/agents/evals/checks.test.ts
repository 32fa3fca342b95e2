import { describe, expect, it } from "vitest";
import { type EvalCheckInput, checkTranscript, contains, evalCheckSchema } from "./checks.ts";
import { formatReport, runEvals } from "./run-evals.ts";
import { evalSuiteSchema } from "./suite.ts";
import type { Transcript, TranscriptToolCall } from "./transcript.ts";

function call(name: string, args: unknown, patch: Partial<TranscriptToolCall> = {}): TranscriptToolCall {
  return { name, deployment: "desk", tool: name, args, status: "done", result: {}, error: null, confirmation: null, ...patch };
}

const transcript: Transcript = {
  agent: { id: "support", version: "1.0.0" },
  turns: [
    {
      index: 1,
      input: "Where is order 1002?",
      steps: [
        { index: 1, role: "executor", text: "", finishReason: "tool-calls", toolCalls: [call("lookup_order", { orderId: "1002", verbose: true, filter: { fields: ["status"], since: 3 } })] },
        { index: 2, role: "executor", text: "It shipped.", finishReason: "stop", toolCalls: [] },
      ],
      answer: "Order 1002 has shipped with UPS.",
      status: "completed",
      stopReason: "completed",
      error: null,
      usage: { inputTokens: 900, outputTokens: 40 },
    },
    {
      index: 2,
      input: "Refund it",
      steps: [
        {
          index: 1,
          role: "executor",
          text: "",
          finishReason: "tool-calls",
          toolCalls: [
            call("desk__issue_refund", { orderId: "1002" }, { tool: "issue_refund", status: "declined", result: null, confirmation: "decline" }),
            call("ghost", {}, { deployment: null, tool: null, status: "error", result: null, error: "unavailable tool" }),
          ],
        },
      ],
      answer: "I did not refund anything.",
      status: "completed",
      stopReason: "completed",
      error: null,
      usage: { inputTokens: 1_200, outputTokens: 30 },
    },
  ],
};

function verdicts(checks: EvalCheckInput[]): Array<[string, boolean]> {
  return checkTranscript(transcript, checks.map((c) => evalCheckSchema.parse(c))).map((r) => [r.label, r.pass]);
}

function messages(checks: EvalCheckInput[]): string[] {
  return checkTranscript(transcript, checks.map((c) => evalCheckSchema.parse(c))).map((r) => r.message);
}

describe("eval checks", () => {
  it("tool called, with arguments matched partially (nested too) or exactly", () => {
    expect(
      verdicts([
        { type: "tool_called", tool: "lookup_order" },
        { type: "tool_called", tool: "lookup_order", args: { orderId: "1002" } },
        { type: "tool_called", tool: "lookup_order", args: { filter: { since: 3 } } },
        { type: "tool_called", tool: "lookup_order", args: { orderId: "1002" }, match: "exact" },
        { type: "tool_called", tool: "lookup_order", args: { orderId: "1002", verbose: true, filter: { fields: ["status"], since: 3 } }, match: "exact" },
        { type: "tool_called", tool: "lookup_order", args: { orderId: "1001" } },
        { type: "tool_called", tool: "lookup_order", turn: 2 },
        { type: "tool_called", tool: "ghost" },
      ]),
    ).toEqual([
      ["calls lookup_order", true],
      ['calls lookup_order with {"orderId":"1002"}', true],
      ['calls lookup_order with {"filter":{"since":3}}', true],
      ['calls lookup_order with exactly {"orderId":"1002"}', false],
      ['calls lookup_order with exactly {"orderId":"1002","verbose":true,"filter":{"fields":["status"],"since":3}}', true],
      ['calls lookup_order with {"orderId":"1001"}', false],
      ["calls lookup_order in turn 2", false],
      ["calls ghost", true],
    ]);
    expect(messages([{ type: "tool_called", tool: "lookup_order", args: { orderId: "1001" } }])).toEqual(['lookup_order was called, but with {"orderId":"1002","verbose":true,"filter":{"fields":["status"],"since":3}}']);
  });

  it("a declined call was not called; it is seen as a confirmation that was asked", () => {
    expect(
      verdicts([
        { type: "tool_not_called", tool: "issue_refund" },
        { type: "tool_called", tool: "issue_refund" },
        { type: "confirmation_requested", tool: "issue_refund" },
        { type: "confirmation_requested", tool: "lookup_order" },
        { type: "tool_not_called", tool: "lookup_order" },
        { type: "tool_not_called", tool: "lookup_order", turn: 2 },
      ]),
    ).toEqual([
      ["never runs issue_refund", true],
      ["calls issue_refund", false],
      ["asks before running issue_refund", true],
      ["asks before running lookup_order", false],
      ["never runs lookup_order", false],
      ["never runs lookup_order in turn 2", true],
    ]);
  });

  it("first tool, by the name the model used or the tool's own", () => {
    expect(
      verdicts([
        { type: "first_tool", tool: "lookup_order" },
        { type: "first_tool", tool: "issue_refund", turn: 2 },
        { type: "first_tool", tool: "desk__issue_refund", turn: 2 },
        { type: "first_tool", tool: "ghost", turn: 2 },
      ]).map(([, pass]) => pass),
    ).toEqual([true, true, true, false]);
  });

  it("response contains or matches, in the last turn unless told", () => {
    expect(
      verdicts([
        { type: "response_contains", text: "did not REFUND" },
        { type: "response_contains", text: "did not REFUND", caseSensitive: true },
        { type: "response_contains", text: "UPS", turn: 1 },
        { type: "response_contains", text: "UPS" },
        { type: "response_matches", pattern: "order \\d{4} has shipped", turn: 1 },
        { type: "response_matches", pattern: "^i did", flags: "" },
      ]).map(([, pass]) => pass),
    ).toEqual([true, false, true, false, true, false]);
    expect(messages([{ type: "response_contains", text: "UPS" }])).toEqual(['the answer does not contain "UPS": "I did not refund anything."']);
  });

  it("no tool errors, stop reason, turn count and tokens under a limit", () => {
    expect(
      verdicts([
        { type: "no_tool_errors" },
        { type: "no_tool_errors", turn: 1 },
        { type: "stop_reason", reason: "completed" },
        { type: "stop_reason", reason: "step_budget", turn: 1 },
        { type: "max_turns", max: 2 },
        { type: "max_turns", max: 1 },
        { type: "max_tokens", max: 2_170 },
        { type: "max_tokens", max: 2_169 },
      ]).map(([, pass]) => pass),
    ).toEqual([false, true, true, false, true, false, true, false]);
    expect(messages([{ type: "no_tool_errors" }, { type: "max_tokens", max: 2_000 }])).toEqual(["ghost: unavailable tool", "2170 tokens, more than 2000"]);
  });

  it("partial matching compares objects key by key and everything else exactly", () => {
    expect(contains({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] } })).toBe(true);
    expect(contains({ a: 1, b: { c: [1, 2, 3] } }, { b: { c: [1, 2] } })).toBe(false);
    expect(contains({ a: "1" }, { a: 1 })).toBe(false);
    expect(contains(null, {})).toBe(false);
  });
});

describe("runEvals", () => {
  const suite = evalSuiteSchema.parse({
    agent: "support",
    cases: [
      { id: "steady", conversation: [{ user: "Where is order 1002?" }], checks: [{ type: "response_contains", text: "shipped" }] },
      { id: "flaky", conversation: [{ user: "hi" }], checks: [{ type: "response_contains", text: "shipped" }, { type: "max_turns", max: 5 }], minPassRate: 0.5 },
      { id: "broken", conversation: [{ user: "boom" }], checks: [{ type: "max_turns", max: 5 }] },
    ],
  });

  it("runs each case N times and reports pass rates per check and per case", async () => {
    const answers = ["It shipped.", "No idea.", "It shipped.", "No idea."];
    let flaky = 0;
    const report = await runEvals({
      suite,
      times: 4,
      run: async (evalCase) => {
        if (evalCase.id === "broken") throw new Error("the agent asked for a confirmation the script did not expect");
        const answer = evalCase.id === "flaky" ? answers[flaky++]! : "It shipped.";
        return { ...transcript, turns: [{ ...transcript.turns[0]!, answer }] };
      },
    });
    expect(report.cases.map((c) => [c.id, c.passed, c.runs, c.passRate, c.ok])).toEqual([
      ["steady", 4, 4, 1, true],
      ["flaky", 2, 4, 0.5, true],
      ["broken", 0, 4, 0, false],
    ]);
    expect(report.cases[1]!.checks).toEqual([
      { label: 'answer contains "shipped"', passed: 2, runs: 4, passRate: 0.5, failures: ['the answer does not contain "shipped": "No idea."'] },
      { label: "at most 5 turns", passed: 4, runs: 4, passRate: 1, failures: [] },
    ]);
    expect(report.cases[2]!.errors).toEqual(["the agent asked for a confirmation the script did not expect"]);
    expect(report.passRate).toBe(6 / 12);
    expect(report.ok).toBe(false);
    expect(formatReport(report).split("\n")[0]).toBe("evals for support: 4 run(s) per case, 50% of runs passed — FAILED");
    expect(formatReport(report)).toContain("  ✗ broken: 0/4 (0%, needs 100%)");
  });

  it("refuses a number of runs that is not a whole number of at least one", async () => {
    await expect(runEvals({ suite, times: 0, run: async () => transcript })).rejects.toThrow("times: expected a whole number of runs of at least 1, got 0");
  });
});
