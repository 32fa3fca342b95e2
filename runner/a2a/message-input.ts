import type { Message } from "@a2a-js/sdk";
import { textOf } from "./a2a-model.ts";
import { isPlainObject, valueAt } from "./parts.ts";
import type { RuleEntry } from "./rules.ts";

/** The message metadata key naming the skill a message is for (A2A has no method per skill). */
export const SKILL_ID_KEY = "skillId";

/** What a message carries for a tool: its data parts merged into one object, and its text. */
export interface MessageInput {
  data: Record<string, unknown>;
  text: string;
}

export function inputOf(message: Message): MessageInput {
  const data: Record<string, unknown> = {};
  for (const part of message.parts) {
    if (part.content?.$case === "data" && isPlainObject(part.content.value)) Object.assign(data, part.content.value);
  }
  return { data, text: textOf(message) };
}

/** The skill a message names, in its own metadata or in the request's. */
export function skillIdOf(message: Message, requestMetadata: Record<string, unknown> | undefined): string | undefined {
  const named = message.metadata?.[SKILL_ID_KEY] ?? requestMetadata?.[SKILL_ID_KEY];
  return typeof named === "string" && named !== "" ? named : undefined;
}

/**
 * The tool arguments a message makes. With the rule's `arguments` map, exactly the mapped fields
 * (each from `$text` or a path into the data); otherwise the data object as it is, or — for a
 * text-only message — the text as the tool's one string argument, when it has exactly one.
 */
export function argumentsFor(input: MessageInput, entry: RuleEntry | undefined, inputSchema: Record<string, unknown>): Record<string, unknown> {
  if (entry?.arguments) {
    const mapped: Record<string, unknown> = {};
    for (const [argument, path] of Object.entries(entry.arguments)) {
      const value = path === "$text" ? (input.text === "" ? undefined : input.text) : valueAt(input.data, path);
      if (value !== undefined) mapped[argument] = value;
    }
    return mapped;
  }
  if (Object.keys(input.data).length > 0 || input.text === "") return input.data;
  const textArgument = textArgumentOf(inputSchema);
  return textArgument ? { [textArgument]: input.text } : {};
}

/** The argument a bare text goes to: the one required string property, or the only string property. */
export function textArgumentOf(inputSchema: Record<string, unknown>): string | undefined {
  const properties = isPlainObject(inputSchema.properties) ? inputSchema.properties : {};
  const strings = Object.entries(properties).filter(([, schema]) => isPlainObject(schema) && schema.type === "string").map(([name]) => name);
  const required = Array.isArray(inputSchema.required) ? new Set(inputSchema.required) : new Set();
  const requiredStrings = strings.filter((name) => required.has(name));
  if (requiredStrings.length === 1) return requiredStrings[0];
  return strings.length === 1 ? strings[0] : undefined;
}
