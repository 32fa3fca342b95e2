import type { ElicitationAnswer, PendingElicitation } from "../../runner/agents/elicitations.ts";
import type { ConfirmationAnswer, PendingConfirmation, TurnEvent, TurnOutcome } from "../../runner/agents/events.ts";

/**
 * A run as the case page shows it while it streams: the user's messages, the agent's text, each
 * tool call with its arguments and result, the confirmations asked, the questions the tools'
 * servers asked (elicitations) with their answers, and how each turn ended.
 * Folded from the turn endpoint's events (runner/agents/events.ts); pure, so the page and the
 * tests fold the same way.
 */
export type TranscriptEntry =
  | { kind: "user"; turn: number; text: string }
  | { kind: "answers"; turn: number; answers: ConfirmationAnswer[] }
  | { kind: "text"; step: number; text: string }
  | {
      kind: "tool";
      toolCallId: string;
      name: string;
      args: unknown;
      needsConfirmation: boolean;
      status: "running" | TurnEventToolStatus;
      result: unknown;
      error: string | null;
      durationMs: number | null;
    }
  | { kind: "confirm"; confirmations: PendingConfirmation[]; answered: "accept" | "decline" | "cancel" | null }
  | { kind: "elicit"; elicitation: PendingElicitation; answer: ElicitationAnswer | null }
  | { kind: "finish"; outcome: TurnOutcome }
  | { kind: "error"; message: string };

type TurnEventToolStatus = Extract<TurnEvent, { type: "tool-result" }>["status"];

export function foldEvent(entries: readonly TranscriptEntry[], event: TurnEvent | { type: "error"; message: string }): TranscriptEntry[] {
  switch (event.type) {
    case "turn-start":
      return typeof event.input === "string"
        ? [...entries, { kind: "user", turn: event.turn, text: event.input }]
        : [...entries, { kind: "answers", turn: event.turn, answers: event.input }];
    case "text-delta": {
      const last = entries.at(-1);
      if (last?.kind === "text" && last.step === event.step) return [...entries.slice(0, -1), { ...last, text: last.text + event.text }];
      return [...entries, { kind: "text", step: event.step, text: event.text }];
    }
    case "tool-call": {
      const entry: TranscriptEntry = { kind: "tool", toolCallId: event.toolCallId, name: event.name, args: event.args, needsConfirmation: event.needsConfirmation, status: "running", result: null, error: null, durationMs: null };
      return entries.some((e) => e.kind === "tool" && e.toolCallId === event.toolCallId) ? entries.map((e) => (e.kind === "tool" && e.toolCallId === event.toolCallId ? { ...e, ...entry } : e)) : [...entries, entry];
    }
    case "tool-result": {
      const update = { status: event.status, result: event.result, error: event.error, durationMs: event.durationMs };
      if (!entries.some((e) => e.kind === "tool" && e.toolCallId === event.toolCallId)) {
        return [...entries, { kind: "tool", toolCallId: event.toolCallId, name: event.name, args: null, needsConfirmation: false, ...update }];
      }
      return entries.map((e) => (e.kind === "tool" && e.toolCallId === event.toolCallId ? { ...e, ...update } : e));
    }
    case "confirmation-required": {
      const asked = new Set(event.confirmations.map((c) => c.toolCallId));
      const marked = entries.map((e) => (e.kind === "tool" && asked.has(e.toolCallId) && e.status === "running" ? { ...e, status: "awaiting_confirmation" as const } : e));
      return [...marked, { kind: "confirm", confirmations: event.confirmations, answered: null }];
    }
    case "elicitation-required":
      return [...entries, { kind: "elicit", elicitation: event.elicitation, answer: null }];
    case "elicitation-answered": {
      const { type: _type, id, toolCallId: _call, ...answer } = event;
      return entries.map((e) => (e.kind === "elicit" && e.elicitation.id === id ? { ...e, answer } : e));
    }
    case "turn-finish": {
      // A turn whose answer came without text deltas still shows it.
      const start = lastIndex(entries, (e) => e.kind === "user" || e.kind === "answers");
      const hasText = entries.slice(start + 1).some((e) => e.kind === "text" && e.text.trim() !== "");
      const answer: TranscriptEntry[] = event.outcome.answer && !hasText ? [{ kind: "text", step: event.outcome.steps, text: event.outcome.answer }] : [];
      return [...entries, ...answer, { kind: "finish", outcome: event.outcome }];
    }
    case "error":
      return [...entries, { kind: "error", message: event.message }];
    case "step-start":
    case "step-finish":
      return [...entries];
  }
}

/** Marks the open confirmation prompt as answered. */
export function answerConfirmation(entries: readonly TranscriptEntry[], action: "accept" | "decline" | "cancel"): TranscriptEntry[] {
  const index = lastIndex(entries, (e) => e.kind === "confirm" && e.answered === null);
  return entries.map((e, i) => (i === index && e.kind === "confirm" ? { ...e, answered: action } : e));
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

/**
 * Splits a Server-Sent Events text into its events; returns the events complete so far and the
 * unfinished rest, to prepend to the next chunk. Comment lines (keep-alives) are skipped.
 */
export function parseSse(buffer: string): { events: Array<{ event: string; data: string }>; rest: string } {
  const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  const events: Array<{ event: string; data: string }> = [];
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return { events, rest };
}
