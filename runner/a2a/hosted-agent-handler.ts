import { type AgentCard, type CancelTaskRequest, type Message, type SendMessageRequest, type StreamResponse, type Task, TaskState } from "@a2a-js/sdk";
import { RequestMalformedError, UnsupportedOperationError } from "@a2a-js/sdk/errors";
import { DefaultRequestHandler, type ServerCallContext, type TaskStore } from "@a2a-js/sdk/server";
import { TERMINAL_STATES } from "./a2a-model.ts";
import type { ScopedBusManager } from "./bus-manager.ts";
import type { HostedAgentBackend } from "./hosted-agent-card.ts";
import { type HostedAgentExecutor, hostedTurnOf, pendingOf } from "./hosted-agent-executor.ts";
import { confirmationInput, messageInput } from "./hosted-agent-input.ts";

/**
 * The SDK's DefaultRequestHandler with the message read before a task is made: a new message
 * must carry text, and a message on a task must answer the confirmations that task waits for —
 * bad input is a JSON-RPC error naming the field, and no task or turn is started. Cancelling a
 * task that waits for confirmation answers them "cancel" first, so its conversation (the
 * context) takes new messages again.
 */
export class HostedAgentHandler extends DefaultRequestHandler {
  constructor(
    card: AgentCard,
    private readonly tasks: TaskStore,
    private readonly backend: HostedAgentBackend,
    executor: HostedAgentExecutor,
    buses: ScopedBusManager,
  ) {
    super(card, tasks, executor, buses);
  }

  override async sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    await this.prepare(params, context);
    return super.sendMessage(params, context);
  }

  override async *sendMessageStream(params: SendMessageRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    await this.prepare(params, context);
    yield* super.sendMessageStream(params, context);
  }

  override async cancelTask(params: CancelTaskRequest, context: ServerCallContext): Promise<Task> {
    const task = await this.tasks.load(params.id, context);
    if (task?.status?.state === TaskState.TASK_STATE_INPUT_REQUIRED) {
      const confirmations = pendingOf(task).map((c) => ({ id: c.id, action: "cancel" as const }));
      const conversationId = String(task.metadata?.conversationId ?? "");
      // A conversation that moved on (answered elsewhere meanwhile) refuses the answers: the task is cancelled all the same.
      await this.backend.runTurn({ tenantId: hostedTurnOf(context).tenantId, conversationId, input: { confirmations }, signal: new AbortController().signal, onEvent: () => {} }).catch(() => undefined);
    }
    return super.cancelTask(params, context);
  }

  private async prepare(params: SendMessageRequest, context: ServerCallContext): Promise<void> {
    const message = params.message;
    if (!message) throw new RequestMalformedError("params.message is required: the message to send, with a text part");
    const turn = hostedTurnOf(context);
    if (!message.taskId) {
      turn.input = messageInput(message);
      return;
    }
    const task = await this.tasks.load(message.taskId, context);
    // Unknown and finished tasks are refused by the SDK with its own errors.
    const state = task?.status?.state;
    if (!task || state === undefined || TERMINAL_STATES.has(state)) return;
    if (state !== TaskState.TASK_STATE_INPUT_REQUIRED) {
      throw new UnsupportedOperationError(`task ${task.id} is working and takes no input now: wait for it to end, or for TASK_STATE_INPUT_REQUIRED`);
    }
    turn.input = confirmationInput(message, pendingOf(task));
  }
}
