import { z } from "zod";
import { type ElicitationAnswer, PubSubElicitationInbox } from "../../runner/agents/elicitations.ts";
import { validateWithSchema } from "../bench/results/schema-validator.ts";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import { PrismaConversationStore } from "./prisma-conversation-store.ts";

export const elicitationAnswerSchema = z
  .object({
    action: z.enum(["accept", "decline", "cancel"], { error: 'expected "accept", "decline" or "cancel"' }),
    content: z.record(z.string(), z.union([z.string().max(10_000), z.number(), z.boolean()]), { error: "expected an object of strings, numbers and booleans" }).optional(),
  })
  .strict();

/** Where the product's runs wait for answers: the engine's pub/sub, so the answer may come to another web process. */
export function productElicitationInbox(runtime: Runtime): PubSubElicitationInbox {
  return new PubSubElicitationInbox(runtime.engine);
}

/**
 * The user's answer to a question a tool's server asked during a running turn of the tenant's
 * conversation. Refused when no such question waits (unknown, answered already, or timed out
 * and declined) or, on accept, when the content is not what the question's form asks for.
 */
export async function answerElicitation(runtime: Runtime, options: { tenantId: string; conversationId: string; elicitationId: string; answer: ElicitationAnswer }): Promise<{ delivered: true }> {
  const { tenantId, conversationId, elicitationId, answer } = options;
  const store = new PrismaConversationStore(runtime.database.prisma);
  const conversation = z.uuid().safeParse(conversationId).success ? await store.get(conversationId) : undefined;
  if (!conversation || conversation.tenantId !== tenantId) throw new AppError("NOT_FOUND", `your tenant has no conversation ${conversationId}`);
  const call = (await store.toolCalls(conversation.id)).find((c) => c.confirmation?.via === "elicitation" && c.confirmation.id === elicitationId);
  if (!call?.confirmation) throw new AppError("NOT_FOUND", `conversation ${conversationId} has no question ${elicitationId}`);
  if (call.confirmation.action) throw new AppError("CONFLICT", `question ${elicitationId} was already answered (${call.confirmation.action}${call.confirmation.reason ? `: ${call.confirmation.reason}` : ""})`);
  if (conversation.status !== "running") throw new AppError("CONFLICT", `no turn of conversation ${conversationId} is running to take the answer`);
  if (answer.action === "accept") {
    const check = validateWithSchema(call.confirmation.requestedSchema ?? { type: "object" }, answer.content ?? {});
    if (!check.ok) {
      const problem = "badSchema" in check ? `the question's form does not compile: ${check.badSchema}` : check.issues.map((i) => `content${i.path ? `.${i.path.replace(/^\//, "").replace(/\//g, ".")}` : ""}: ${i.message}`).join("; ");
      throw new AppError("BAD_REQUEST", problem);
    }
  }
  await productElicitationInbox(runtime).deliver(elicitationId, answer.action === "accept" ? { action: "accept", content: answer.content ?? {} } : { action: answer.action });
  return { delivered: true };
}
