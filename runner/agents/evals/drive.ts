import type { AgentRuntime } from "../agent-runtime.ts";
import type { ConversationStore } from "../conversation-store.ts";
import type { AgentDefinition } from "../definition.ts";
import type { TurnOutcome } from "../events.ts";
import type { ConversationStep } from "./suite.ts";
import { type Transcript, readTranscript } from "./transcript.ts";

export interface DriveOptions {
  runtime: AgentRuntime;
  store: ConversationStore;
  definition: AgentDefinition;
  conversationId: string;
  conversation: ConversationStep[];
}

/** The conversation did not go as scripted: the agent asked for a confirmation the script did not expect, or the other way round. */
export class ScriptMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScriptMismatchError";
  }
}

/**
 * Plays a scripted conversation against an agent: each user message is a turn, each `confirm`
 * answers the confirmations the turn paused on. Returns the transcript as stored.
 */
export async function driveConversation(options: DriveOptions): Promise<Transcript> {
  const { runtime, store, definition, conversationId } = options;
  let last: TurnOutcome | undefined;
  for (const [index, step] of options.conversation.entries()) {
    const where = `conversation step ${index + 1}`;
    if ("user" in step) {
      if (last?.status === "awaiting_confirmation") {
        throw new ScriptMismatchError(`${where}: the agent is waiting for a confirmation of ${last.confirmations.map((c) => c.name).join(", ")}, but the script says the user writes "${step.user}"`);
      }
      last = await runtime.runTurn({ conversationId, definition, input: { message: step.user } });
    } else {
      if (last?.status !== "awaiting_confirmation") throw new ScriptMismatchError(`${where}: the script answers a confirmation, but the agent asked for none`);
      if (step.tool && !last.confirmations.some((c) => c.name === step.tool || c.tool === step.tool)) {
        throw new ScriptMismatchError(`${where}: the script confirms ${step.tool}, but the agent asked about ${last.confirmations.map((c) => c.name).join(", ")}`);
      }
      last = await runtime.runTurn({
        conversationId,
        definition,
        input: { confirmations: last.confirmations.map((c) => ({ id: c.id, action: step.confirm, ...(step.reason ? { reason: step.reason } : {}) })) },
      });
    }
  }
  return readTranscript(store, conversationId);
}
