import type { ModelMessage, ToolResultPart } from "ai";

type ToolResultOutput = ToolResultPart["output"];

/**
 * A tool message answering every tool call in `messages` that has no result yet — what a run that
 * stopped midway leaves behind (the process died, the model failed after an approved call ran, the
 * time budget cut a call off). With it the history is valid again for every model API (each call
 * answered), and an approved call is never run a second time: the AI SDK runs an approved call
 * only while it has no result.
 */
export function closeDanglingCalls(messages: ModelMessage[], outputOf: (toolCallId: string) => ToolResultOutput): ModelMessage | undefined {
  const answered = new Set<string>();
  for (const message of messages) {
    if (message.role !== "tool") continue;
    for (const part of message.content) if (part.type === "tool-result") answered.add(part.toolCallId);
  }
  const dangling: Array<{ toolCallId: string; toolName: string }> = [];
  for (const message of messages) {
    if (message.role !== "assistant" || typeof message.content === "string") continue;
    for (const part of message.content) {
      if (part.type === "tool-call" && !answered.has(part.toolCallId)) dangling.push({ toolCallId: part.toolCallId, toolName: part.toolName });
    }
  }
  if (dangling.length === 0) return undefined;
  return {
    role: "tool",
    content: dangling.map(({ toolCallId, toolName }) => ({ type: "tool-result" as const, toolCallId, toolName, output: outputOf(toolCallId) })),
  };
}
