import type { Message } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import { z } from "zod";
import type { ConfirmationAnswer, PendingConfirmation, TurnInput } from "../agents/events.ts";
import { textOf } from "./a2a-model.ts";
import { isPlainObject } from "./parts.ts";

/** The longest message a turn takes (as the agents' HTTP API). */
const MAX_MESSAGE = 10_000;

const action = z.enum(["accept", "decline", "cancel"], { error: 'expected "accept", "decline" or "cancel"' });
const reason = z.string().max(500, { error: "expected at most 500 characters" }).optional();
const answerSchema = z.union([
  z.object({ confirmations: z.array(z.object({ id: z.string().min(1), action, reason }).strict()).min(1) }).strict(),
  z.object({ action, reason }).strict(),
]);

const WORDS: Record<string, ConfirmationAnswer["action"]> = { accept: "accept", yes: "accept", approve: "accept", ok: "accept", decline: "decline", no: "decline", deny: "decline", cancel: "cancel" };

/** A message that starts a task: its text is what the user says to the agent. */
export function messageInput(message: Message): TurnInput {
  const text = textOf(message).trim();
  if (text === "") throw new RequestMalformedError('params.message.parts: expected a text part with what the user says to the agent, e.g. { "text": "Where is my order 1002?" }');
  if (text.length > MAX_MESSAGE) throw new RequestMalformedError(`params.message.parts: the text is ${text.length} characters; at most ${MAX_MESSAGE} are accepted`);
  return { message: text };
}

/**
 * A message on a task waiting for input: the user's answer to the confirmations the agent asked
 * for. A data part `{ "confirmations": [{ "id", "action", "reason"? }] }` answers each one; a data
 * part `{ "action", "reason"? }` or a text ("accept", "yes", "decline", "no", "cancel") answers
 * them all the same way.
 */
export function confirmationInput(message: Message, pending: readonly PendingConfirmation[]): TurnInput {
  const names = pending.map((c) => c.name).join(", ");
  const dataIndex = message.parts.findIndex((part) => part.content?.$case === "data");
  if (dataIndex >= 0) {
    const value = message.parts[dataIndex]!.content!.value;
    const parsed = answerSchema.safeParse(isPlainObject(value) ? value : undefined);
    const field = `params.message.parts[${dataIndex}].data`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const at = issue.path.length > 0 ? `${field}.${issue.path.join(".")}` : field;
      throw new RequestMalformedError(`${at}: ${issue.code === "invalid_union" ? 'expected { "action": "accept" | "decline" | "cancel" } or { "confirmations": [{ "id", "action" }] }' : issue.message}`);
    }
    const answer = parsed.data;
    if ("action" in answer) return { confirmations: pending.map((c) => ({ id: c.id, action: answer.action, ...(answer.reason ? { reason: answer.reason } : {}) })) };
    const known = new Set(pending.map((c) => c.id));
    const unknown = answer.confirmations.find((a) => !known.has(a.id));
    if (unknown) throw new RequestMalformedError(`${field}.confirmations: no pending confirmation "${unknown.id}"; pending: ${pending.map((c) => `${c.id} (${c.name})`).join(", ")}`);
    return { confirmations: answer.confirmations };
  }
  const word = textOf(message).trim().toLowerCase().replace(/[.!]+$/, "");
  const chosen = WORDS[word];
  if (!chosen) {
    throw new RequestMalformedError(`params.message.parts: the agent waits for your answer to running ${names}: send "accept", "decline" or "cancel" as text, or a data part { "action": … }`);
  }
  return { confirmations: pending.map((c) => ({ id: c.id, action: chosen })) };
}
