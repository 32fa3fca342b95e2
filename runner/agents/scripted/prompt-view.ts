import type { ModelPrompt, ModelToolResultOutput } from "../model-types.ts";

/** One tool call as the model sees it in its prompt, with its result once there is one. */
export interface SeenCall {
  id: string;
  tool: string;
  input: unknown;
  result?: SeenResult;
}

export interface SeenResult {
  /** JSON results as they are; text parsed as JSON when it is JSON, else the text. */
  value: unknown;
  isError: boolean;
  denied: boolean;
}

/** What a scripted model reads from its prompt. */
export interface PromptView {
  /** The latest user message's text ("" when there is none). */
  user: string;
  /** Calls since the latest user message, oldest first. */
  turn: SeenCall[];
  /** Every call in the prompt, oldest first (this turn's included). */
  all: SeenCall[];
}

export function viewPrompt(prompt: ModelPrompt): PromptView {
  let lastUser = -1;
  prompt.forEach((message, index) => {
    if (message.role === "user") lastUser = index;
  });
  const user =
    lastUser < 0
      ? ""
      : (prompt[lastUser]!.content as Array<{ type: string; text?: string }>)
          .filter((part) => part.type === "text")
          .map((part) => part.text ?? "")
          .join("\n");
  const calls = new Map<string, SeenCall & { index: number }>();
  prompt.forEach((message, index) => {
    if (message.role === "assistant") {
      for (const part of message.content) {
        if (part.type === "tool-call") calls.set(part.toolCallId, { id: part.toolCallId, tool: part.toolName, input: part.input, index });
      }
    } else if (message.role === "tool") {
      for (const part of message.content) {
        if (part.type !== "tool-result") continue;
        const call = calls.get(part.toolCallId);
        if (call) call.result = readOutput(part.output);
      }
    }
  });
  const all = [...calls.values()].map(({ index: _index, ...call }) => call);
  const turn = [...calls.values()].filter((call) => call.index > lastUser).map(({ index: _index, ...call }) => call);
  return { user, turn, all };
}

function readOutput(output: ModelToolResultOutput): SeenResult {
  switch (output.type) {
    case "json":
      return { value: output.value, isError: false, denied: false };
    case "error-json":
      return { value: output.value, isError: true, denied: false };
    case "text":
      return { value: parseMaybe(output.value), isError: false, denied: false };
    case "error-text":
      return { value: output.value, isError: true, denied: false };
    case "execution-denied":
      return { value: output.reason ?? "denied", isError: false, denied: true };
    case "content": {
      const texts = output.value.map((part) => (part.type === "text" ? part.text : ""));
      const whole = parseMaybe(texts.join(""));
      // A result with resource links or embedded resources after its JSON text (structured
      // content mirrored, as MCP recommends): the JSON is what a script reads.
      const first = typeof whole === "string" && texts.length > 1 ? parseMaybe(texts[0]!) : whole;
      return { value: typeof first === "string" ? whole : first, isError: false, denied: false };
    }
    default:
      return { value: null, isError: false, denied: false };
  }
}

function parseMaybe(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
