import type { CreateMessageRequest, CreateMessageResult, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { validateWithSchema } from "../results/schema-validator.ts";

/**
 * An accepted elicitation's content, checked against the requestedSchema; the problems are shown
 * but do not block (a user may send what the server should refuse, to see how it does).
 */
export function acceptElicitation(requestedSchema: unknown, content: unknown): { result: ElicitResult; problems: string[] } {
  const value = (typeof content === "object" && content !== null && !Array.isArray(content) ? content : {}) as Record<string, string | number | boolean | string[]>;
  const check = validateWithSchema(requestedSchema, value);
  const problems = check.ok ? [] : "badSchema" in check ? [`the requestedSchema does not compile: ${check.badSchema}`] : check.issues.map((i) => `${i.path || "(content)"} ${i.message}`);
  return { result: { action: "accept", content: value }, problems };
}

export function declineElicitation(): ElicitResult {
  return { action: "decline" };
}

export function cancelElicitation(): ElicitResult {
  return { action: "cancel" };
}

export const DEFAULT_MODEL = "bench-user";

/** The user's typed reply to a sampling request, as the assistant message the server asked for. */
export function samplingReply(text: string, model: string): CreateMessageResult {
  return { role: "assistant", content: { type: "text", text }, model: model.trim() || DEFAULT_MODEL, stopReason: "endTurn" };
}

/** One line per message of a sampling request, for reading it in the page. */
export interface SamplingLine {
  role: string;
  /** The text, or a placeholder naming what kind of content it is. */
  text: string;
}

export function samplingLines(params: CreateMessageRequest["params"]): SamplingLine[] {
  return params.messages.flatMap((message) => {
    const blocks = Array.isArray(message.content) ? message.content : [message.content];
    return blocks.map((block) => ({ role: message.role, text: describeBlock(block as { type: string; text?: unknown; mimeType?: unknown; name?: unknown }) }));
  });
}

function describeBlock(block: { type: string; text?: unknown; mimeType?: unknown; name?: unknown }): string {
  if (block.type === "text" && typeof block.text === "string") return block.text;
  if (block.type === "image" || block.type === "audio") return `[${block.type}${typeof block.mimeType === "string" ? ` ${block.mimeType}` : ""}]`;
  if (block.type === "tool_use") return `[tool use${typeof block.name === "string" ? `: ${block.name}` : ""}]`;
  return `[${block.type}]`;
}
