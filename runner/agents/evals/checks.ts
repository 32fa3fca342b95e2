import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { type Transcript, type TranscriptToolCall, toolCallsOf } from "./transcript.ts";

/**
 * Deterministic checks over a transcript. Tool checks match a call by the name the model used or
 * the tool's own name, and look at every turn unless `turn` is given; response checks look at the
 * last turn's answer unless `turn` is given. A call "was called" when it ran (done) or failed
 * (error) — a call the user declined, or one still waiting for confirmation, was not.
 */
const turn = z.number().int().min(1).optional();
const json = z.json();

export const evalCheckSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("tool_called"), tool: z.string().min(1), args: z.record(z.string(), json).optional(), match: z.enum(["partial", "exact"]).default("partial"), turn }).strict(),
  z.object({ type: z.literal("tool_not_called"), tool: z.string().min(1), turn }).strict(),
  z.object({ type: z.literal("first_tool"), tool: z.string().min(1), turn }).strict(),
  z.object({ type: z.literal("confirmation_requested"), tool: z.string().min(1), turn }).strict(),
  z.object({ type: z.literal("response_contains"), text: z.string().min(1), caseSensitive: z.boolean().default(false), turn }).strict(),
  z.object({ type: z.literal("response_matches"), pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/).default("i"), turn }).strict(),
  z.object({ type: z.literal("no_tool_errors"), turn }).strict(),
  z.object({ type: z.literal("stop_reason"), reason: z.string().min(1), turn }).strict(),
  z.object({ type: z.literal("max_turns"), max: z.number().int().min(1) }).strict(),
  z.object({ type: z.literal("max_tokens"), max: z.number().int().min(1) }).strict(),
]);

export type EvalCheck = z.infer<typeof evalCheckSchema>;
export type EvalCheckInput = z.input<typeof evalCheckSchema>;

export interface CheckResult {
  check: EvalCheck;
  label: string;
  pass: boolean;
  /** Why it failed, or what was found when it passed. */
  message: string;
}

export function checkTranscript(transcript: Transcript, checks: EvalCheck[]): CheckResult[] {
  return checks.map((check) => {
    const [pass, message] = run(check, transcript);
    return { check, label: describeCheck(check), pass, message };
  });
}

function run(check: EvalCheck, transcript: Transcript): [boolean, string] {
  const calls = "turn" in check ? toolCallsOf(transcript, check.turn) : toolCallsOf(transcript);
  const named = (tool: string) => calls.filter((call) => call.name === tool || call.tool === tool);
  const ran = (call: TranscriptToolCall) => call.status === "done" || call.status === "error";
  switch (check.type) {
    case "tool_called": {
      const candidates = named(check.tool).filter(ran);
      if (candidates.length === 0) return [false, `${check.tool} was not called; calls: ${summary(calls)}`];
      if (!check.args) return [true, `${check.tool} was called ${candidates.length} time(s)`];
      const hit = candidates.find((call) => (check.match === "exact" ? isDeepStrictEqual(call.args, check.args) : contains(call.args, check.args)));
      return hit ? [true, `${check.tool} was called with ${JSON.stringify(hit.args)}`] : [false, `${check.tool} was called, but with ${candidates.map((c) => JSON.stringify(c.args)).join(", ")}`];
    }
    case "tool_not_called": {
      const found = named(check.tool).filter(ran);
      return found.length === 0 ? [true, `${check.tool} did not run`] : [false, `${check.tool} ran with ${found.map((c) => JSON.stringify(c.args)).join(", ")}`];
    }
    case "first_tool": {
      const first = calls[0];
      if (!first) return [false, "no tool was called"];
      return first.name === check.tool || first.tool === check.tool ? [true, `the first call was ${first.name}`] : [false, `the first call was ${first.name}, not ${check.tool}`];
    }
    case "confirmation_requested": {
      const asked = named(check.tool).filter((call) => call.confirmation !== null);
      return asked.length > 0 ? [true, `${check.tool} asked for confirmation (${asked.map((c) => c.confirmation).join(", ")})`] : [false, `${check.tool} never asked the user for confirmation`];
    }
    case "response_contains": {
      const answer = answerOf(transcript, check.turn);
      if (answer === null) return [false, "the turn has no answer"];
      const found = check.caseSensitive ? answer.includes(check.text) : answer.toLowerCase().includes(check.text.toLowerCase());
      return found ? [true, `the answer contains "${check.text}"`] : [false, `the answer does not contain "${check.text}": ${JSON.stringify(answer)}`];
    }
    case "response_matches": {
      const answer = answerOf(transcript, check.turn);
      if (answer === null) return [false, "the turn has no answer"];
      return new RegExp(check.pattern, check.flags).test(answer) ? [true, `the answer matches /${check.pattern}/`] : [false, `the answer does not match /${check.pattern}/: ${JSON.stringify(answer)}`];
    }
    case "no_tool_errors": {
      const errors = calls.filter((call) => call.status === "error");
      return errors.length === 0 ? [true, "no tool call failed"] : [false, errors.map((call) => `${call.name}: ${call.error}`).join("; ")];
    }
    case "stop_reason": {
      const reason = turnOf(transcript, check.turn)?.stopReason ?? null;
      return reason === check.reason ? [true, `the turn ended with ${reason}`] : [false, `the turn ended with ${reason}, not ${check.reason}`];
    }
    case "max_turns":
      return transcript.turns.length <= check.max ? [true, `${transcript.turns.length} turn(s)`] : [false, `${transcript.turns.length} turns, more than ${check.max}`];
    case "max_tokens": {
      const tokens = transcript.turns.reduce((sum, t) => sum + t.usage.inputTokens + t.usage.outputTokens, 0);
      return tokens <= check.max ? [true, `${tokens} tokens`] : [false, `${tokens} tokens, more than ${check.max}`];
    }
  }
}

export function describeCheck(check: EvalCheck): string {
  const inTurn = "turn" in check && check.turn !== undefined ? ` in turn ${check.turn}` : "";
  switch (check.type) {
    case "tool_called":
      return `calls ${check.tool}${check.args ? ` with ${check.match === "exact" ? "exactly " : ""}${JSON.stringify(check.args)}` : ""}${inTurn}`;
    case "tool_not_called":
      return `never runs ${check.tool}${inTurn}`;
    case "first_tool":
      return `calls ${check.tool} first${inTurn}`;
    case "confirmation_requested":
      return `asks before running ${check.tool}${inTurn}`;
    case "response_contains":
      return `answer contains "${check.text}"${inTurn}`;
    case "response_matches":
      return `answer matches /${check.pattern}/${check.flags}${inTurn}`;
    case "no_tool_errors":
      return `no tool errors${inTurn}`;
    case "stop_reason":
      return `ends with ${check.reason}${inTurn}`;
    case "max_turns":
      return `at most ${check.max} turns`;
    case "max_tokens":
      return `at most ${check.max} tokens`;
  }
}

/** Every key of `expected` is in `actual` with an equal value; objects compared the same way, recursively. */
export function contains(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
  }
  return isDeepStrictEqual(actual, expected);
}

function turnOf(transcript: Transcript, index: number | undefined) {
  return index === undefined ? transcript.turns.at(-1) : transcript.turns.find((t) => t.index === index);
}

function answerOf(transcript: Transcript, index: number | undefined): string | null {
  return turnOf(transcript, index)?.answer ?? null;
}

function summary(calls: TranscriptToolCall[]): string {
  return calls.length === 0 ? "none" : calls.map((call) => `${call.name} (${call.status})`).join(", ");
}
