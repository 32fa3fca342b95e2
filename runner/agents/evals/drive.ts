import type { AgentRuntime } from "../agent-runtime.ts";
import type { ConversationStore } from "../conversation-store.ts";
import type { AgentDefinition } from "../definition.ts";
import { scriptedContent } from "../elicitations.ts";
import type { TurnEvent, TurnOutcome } from "../events.ts";
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

type ElicitStep = Extract<ConversationStep, { elicit: string }>;

/**
 * Plays a scripted conversation against an agent: each user message is a turn, each `confirm`
 * answers the confirmations the turn paused on, and the `elicit` steps after a message or a
 * confirm answer, in order, the questions the tools' servers ask while that turn runs. A question
 * the script has no answer for is left to time out (declined), and reported. Returns the
 * transcript as stored.
 */
export async function driveConversation(options: DriveOptions): Promise<Transcript> {
  const { runtime, store, definition, conversationId } = options;
  let last: TurnOutcome | undefined;
  const steps = options.conversation;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    const where = `conversation step ${index + 1}`;
    if ("elicit" in step) throw new ScriptMismatchError(`${where}: the script answers a question of ${step.tool ?? "a tool"}, but no turn is running before it`);
    const answers: ElicitStep[] = [];
    while (index + 1 < steps.length && "elicit" in steps[index + 1]!) answers.push(steps[++index] as ElicitStep);
    const questions = answerer(runtime, answers, where);
    if ("user" in step) {
      if (last?.status === "awaiting_confirmation") {
        throw new ScriptMismatchError(`${where}: the agent is waiting for a confirmation of ${last.confirmations.map((c) => c.name).join(", ")}, but the script says the user writes "${step.user}"`);
      }
      last = await runtime.runTurn({ conversationId, definition, input: { message: step.user }, onEvent: questions.onEvent });
    } else {
      if (last?.status !== "awaiting_confirmation") throw new ScriptMismatchError(`${where}: the script answers a confirmation, but the agent asked for none`);
      if (step.tool && !last.confirmations.some((c) => c.name === step.tool || c.tool === step.tool)) {
        throw new ScriptMismatchError(`${where}: the script confirms ${step.tool}, but the agent asked about ${last.confirmations.map((c) => c.name).join(", ")}`);
      }
      last = await runtime.runTurn({
        conversationId,
        definition,
        input: { confirmations: last.confirmations.map((c) => ({ id: c.id, action: step.confirm, ...(step.reason ? { reason: step.reason } : {}) })) },
        onEvent: questions.onEvent,
      });
    }
    questions.check();
  }
  return readTranscript(store, conversationId);
}

/** Answers a turn's elicitations from the script's `elicit` steps, and says afterwards what did not match. */
function answerer(runtime: AgentRuntime, answers: ElicitStep[], where: string) {
  const problems: string[] = [];
  let next = 0;
  const onEvent = (event: TurnEvent) => {
    if (event.type !== "elicitation-required") return;
    const { elicitation } = event;
    const step = answers[next++];
    const asker = elicitation.tool ?? elicitation.deployment;
    if (!step) return void problems.push(`${asker} asked "${elicitation.message}", which the script does not answer`);
    if (step.tool && step.tool !== elicitation.tool && step.tool !== elicitation.name) problems.push(`the script answers a question of ${step.tool}, but ${asker} asked`);
    const answer = step.elicit === "accept" ? { action: "accept" as const, content: scriptedContent(elicitation.requestedSchema, step.content) } : { action: step.elicit };
    void runtime.answerElicitation(elicitation.id, answer);
  };
  const check = () => {
    if (next < answers.length) problems.push(`the script answers ${answers.length} question(s), but the servers asked ${next}`);
    if (problems.length > 0) throw new ScriptMismatchError(`${where}: ${problems.join("; ")}`);
  };
  return { onEvent, check };
}
