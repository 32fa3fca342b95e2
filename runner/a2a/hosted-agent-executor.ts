import { type Part, type Task, TaskState } from "@a2a-js/sdk";
import { AgentEvent, type AgentExecutionEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext, ResultManager, type ServerCallContext, type TaskStore } from "@a2a-js/sdk/server";
import type { PendingConfirmation, TurnEvent, TurnInput, TurnOutcome } from "../agents/events.ts";
import { agentMessage, artifact, dataPart, status, statusUpdate, textPart } from "./a2a-model.ts";
import type { HostedAgent, HostedAgentBackend } from "./hosted-agent-card.ts";
import { isPlainObject } from "./parts.ts";

/** What the endpoint read from a SendMessage before the SDK runs it: whose agent, and the turn's input. */
export interface HostedTurnRequest {
  tenantId: string;
  agent: HostedAgent;
  input?: TurnInput;
}

export const HOSTED_TURN_KEY = "io.switchyard/a2a-hosted-turn";

export function hostedTurnOf(context: ServerCallContext): HostedTurnRequest {
  const request = context.state.get(HOSTED_TURN_KEY) as HostedTurnRequest | undefined;
  if (!request) throw new Error("an A2A request reached the agent executor without its agent: the endpoint builds every context with one");
  return request;
}

/** The confirmations a task in INPUT_REQUIRED waits for (kept in its status message). */
export function pendingOf(task: Task): PendingConfirmation[] {
  for (const part of task.status?.message?.parts ?? []) {
    const value = part.content?.$case === "data" ? part.content.value : undefined;
    if (isPlainObject(value) && Array.isArray(value.confirmations)) return value.confirmations as PendingConfirmation[];
  }
  return [];
}

/**
 * Runs a turn of a stored agent per A2A message: a task is one turn (and the answers to the
 * confirmations it paused on), in the conversation of the message's context. Outcomes map to
 * task states: completed → COMPLETED with the answer as an artifact, awaiting confirmation →
 * INPUT_REQUIRED, failed or stopped → FAILED with the reason, cancelled → CANCELED. Each event
 * is also stored here, so a task whose client went away still ends in the store.
 */
export class HostedAgentExecutor implements AgentExecutor {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly backend: HostedAgentBackend,
    private readonly store: TaskStore,
  ) {}

  async execute(request: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { tenantId, agent, input } = hostedTurnOf(request.context);
    if (!input) throw new Error("an A2A message reached the agent executor without its input");
    const stored = new ResultManager(this.store, request.context);
    const publish = async (event: AgentExecutionEvent) => {
      await stored.processEvent(event);
      bus.publish(event);
    };
    const { taskId, contextId } = request;
    let task = request.task;
    if (!task) {
      const conversationId = await this.backend.conversationFor(tenantId, agent, contextId);
      task = { id: taskId, contextId, status: status(TaskState.TASK_STATE_SUBMITTED), artifacts: [], history: [], metadata: { agent: agent.id, conversationId } };
    }
    const conversationId = String(task.metadata?.conversationId ?? "");
    await publish(AgentEvent.task(task));
    await publish(AgentEvent.statusUpdate(statusUpdate(taskId, contextId, TaskState.TASK_STATE_WORKING)));

    const controller = new AbortController();
    this.running.set(taskId, controller);
    // Progress goes to the live listeners only: the store keeps states, not every step.
    const onEvent = (event: TurnEvent) => {
      const update = progressOf(event, taskId, contextId);
      if (update) bus.publish(update);
    };
    let outcome: TurnOutcome;
    try {
      outcome = await this.backend.runTurn({ tenantId, conversationId, input, signal: controller.signal, onEvent });
    } catch (error) {
      return publish(AgentEvent.statusUpdate(statusUpdate(taskId, contextId, TaskState.TASK_STATE_FAILED, agentMessage(taskId, contextId, [textPart((error as Error).message)]))));
    } finally {
      this.running.delete(taskId);
    }
    for (const event of outcomeEvents(outcome, taskId, contextId)) await publish(event);
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    const running = this.running.get(taskId);
    // A running turn stops with stop reason "cancelled", which ends the task as CANCELED.
    if (running) return running.abort();
    bus.publish(AgentEvent.statusUpdate(statusUpdate(taskId, "", TaskState.TASK_STATE_CANCELED)));
  }
}

function outcomeEvents(outcome: TurnOutcome, taskId: string, contextId: string): AgentExecutionEvent[] {
  const update = (state: TaskState, parts: Part[]) => AgentEvent.statusUpdate(statusUpdate(taskId, contextId, state, agentMessage(taskId, contextId, parts), { turn: outcome.turn, stopReason: outcome.stopReason }));
  switch (outcome.status) {
    case "completed": {
      const answer = outcome.answer ?? "";
      return [
        AgentEvent.artifactUpdate({ taskId, contextId, artifact: artifact("answer", "answer", [textPart(answer)], { turn: outcome.turn }), append: false, lastChunk: true, metadata: undefined }),
        update(TaskState.TASK_STATE_COMPLETED, [textPart(answer)]),
      ];
    }
    case "awaiting_confirmation": {
      const asks = outcome.confirmations.map((c) => `${c.name} ${JSON.stringify(c.args)}`).join("; ");
      const question = `Before running ${asks}, the agent needs your confirmation: answer on this task with "accept", "decline" or "cancel".`;
      return [update(TaskState.TASK_STATE_INPUT_REQUIRED, [textPart(question), dataPart({ confirmations: outcome.confirmations })])];
    }
    case "stopped":
      if (outcome.stopReason === "cancelled") return [update(TaskState.TASK_STATE_CANCELED, [textPart(outcome.error ?? "the turn was cancelled")])];
      return [update(TaskState.TASK_STATE_FAILED, [textPart(`the turn stopped (${outcome.stopReason}): ${outcome.error ?? "no reason given"}`)])];
    default:
      return [update(TaskState.TASK_STATE_FAILED, [textPart(`the turn failed (${outcome.stopReason}): ${outcome.error ?? "no reason given"}`)])];
  }
}

/** A tool call or its result, as a WORKING status update a streaming client sees. */
function progressOf(event: TurnEvent, taskId: string, contextId: string): AgentExecutionEvent | undefined {
  if (event.type === "tool-call") {
    const message = agentMessage(taskId, contextId, [textPart(`calling ${event.name}`), dataPart({ toolCall: { name: event.name, args: event.args, needsConfirmation: event.needsConfirmation } })]);
    return AgentEvent.statusUpdate(statusUpdate(taskId, contextId, TaskState.TASK_STATE_WORKING, message));
  }
  if (event.type === "tool-result") {
    const message = agentMessage(taskId, contextId, [textPart(`${event.name}: ${event.status}${event.error ? ` (${event.error})` : ""}`)]);
    return AgentEvent.statusUpdate(statusUpdate(taskId, contextId, TaskState.TASK_STATE_WORKING, message));
  }
  return undefined;
}
