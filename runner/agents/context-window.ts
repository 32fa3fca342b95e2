import type { ModelMessage } from "ai";

/**
 * The context policy: what the model sees when a conversation outgrows its window.
 *
 *   budget = contextWindow − maxOutputTokens (room for the answer) − system prompt and tool
 *            definitions (sent with every call)
 *
 *   1. Everything fits: the model sees the whole conversation.
 *   2. Otherwise the oldest whole turns go first — a turn is a user message and everything the
 *      agent did for it, so a tool call never loses its result and an approval never its request.
 *      The current turn always stays.
 *   3. If the current turn alone is still too big, the outputs of its earlier tool results are
 *      replaced by a one-line stub saying how long they were; the latest results stay whole.
 *   4. If even that does not fit, the turn stops with the stop reason `context_overflow`.
 *
 * When anything was left out the model is told so in its system prompt (`note`). Stored history
 * is never changed: trimming applies to each model call only, so a model with a larger window sees
 * everything again.
 *
 * Sizes are estimated, not tokenized: ~4 characters per token (the usual ratio for English text
 * and JSON under BPE tokenizers), counted over the JSON of each message. The estimate is
 * deterministic, which the scripted model and the tests rely on.
 */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface TrimRequest {
  messages: ModelMessage[];
  /** Tokens of what is sent with every call: system prompt and tool definitions. */
  fixedTokens: number;
  contextWindow: number;
  maxOutputTokens: number;
}

export interface TrimResult {
  messages: ModelMessage[];
  /** Whole turns left out, oldest first. */
  droppedTurns: number;
  /** Tool outputs of the current turn replaced by a stub. */
  stubbedOutputs: number;
  /** Estimated tokens of `messages`. */
  tokens: number;
  /** The budget for messages: contextWindow − maxOutputTokens − fixedTokens. */
  budget: number;
  fits: boolean;
  /** What to tell the model about what was left out, or undefined when nothing was. */
  note: string | undefined;
}

export function trimToWindow(request: TrimRequest): TrimResult {
  const budget = request.contextWindow - request.maxOutputTokens - request.fixedTokens;
  const turns = splitTurns(request.messages);
  const sizes = turns.map((turn) => turn.reduce((sum, message) => sum + estimateTokens(message), 0));
  let total = sizes.reduce((a, b) => a + b, 0);
  let first = 0;
  while (total > budget && first < turns.length - 1) total -= sizes[first++]!;
  let current = turns.slice(first);
  let stubbedOutputs = 0;
  if (total > budget && current.length > 0) {
    const last = current[current.length - 1]!;
    const stubbed = stubOlderOutputs(last);
    stubbedOutputs = stubbed.count;
    current = [...current.slice(0, -1), stubbed.messages];
    total = current.flat().reduce((sum, message) => sum + estimateTokens(message), 0);
  }
  const droppedTurns = first;
  const notes: string[] = [];
  if (droppedTurns > 0) notes.push(`${droppedTurns} earlier turn${droppedTurns === 1 ? " was" : "s were"} left out`);
  if (stubbedOutputs > 0) notes.push(`${stubbedOutputs} earlier tool output${stubbedOutputs === 1 ? " of this turn was" : "s of this turn were"} shortened`);
  return {
    messages: current.flat(),
    droppedTurns,
    stubbedOutputs,
    tokens: total,
    budget,
    fits: total <= budget,
    note: notes.length > 0 ? `Note: to fit the model's context window, ${notes.join(" and ")}.` : undefined,
  };
}

/** Messages grouped by turn: each group starts at a user message (the first may not). */
export function splitTurns(messages: ModelMessage[]): ModelMessage[][] {
  const turns: ModelMessage[][] = [];
  for (const message of messages) {
    if (message.role === "user" || turns.length === 0) turns.push([message]);
    else turns[turns.length - 1]!.push(message);
  }
  return turns;
}

/** The turn with every tool output but those of its last tool message replaced by a stub. */
function stubOlderOutputs(turn: ModelMessage[]): { messages: ModelMessage[]; count: number } {
  let lastTool = -1;
  turn.forEach((message, index) => {
    if (message.role === "tool") lastTool = index;
  });
  let count = 0;
  const messages = turn.map((message, index): ModelMessage => {
    if (message.role !== "tool" || index === lastTool) return message;
    return {
      ...message,
      content: message.content.map((part) => {
        if (part.type !== "tool-result") return part;
        const size = JSON.stringify(part.output).length;
        if (size <= STUB_THRESHOLD_CHARS) return part;
        count++;
        return { ...part, output: { type: "text" as const, value: `[output left out to fit the context window: ${size} characters]` } };
      }),
    };
  });
  return { messages, count };
}

/** Outputs this short are kept: a stub would save nothing. */
const STUB_THRESHOLD_CHARS = 200;
