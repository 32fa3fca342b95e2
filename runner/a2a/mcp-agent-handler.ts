import type {
  AgentCard,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  Message,
  SendMessageRequest,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
} from "@a2a-js/sdk";
import { RequestMalformedError, UnsupportedOperationError } from "@a2a-js/sdk/errors";
import type { A2ARequestHandler, DefaultRequestHandler, ServerCallContext } from "@a2a-js/sdk/server";
import type { ServedAgent } from "./agent-card.ts";
import type { McpToolExecutor } from "./mcp-executor.ts";
import { preparedOf } from "./mcp-executor.ts";
import { SKILL_ID_KEY, argumentsFor, inputOf, skillIdOf } from "./message-input.ts";
import { type A2aRules, renderingOf } from "./rules.ts";
import { schemaProblems } from "./schema-check.ts";

/** A shown list of skills, short enough for an error message. */
function skillList(agent: ServedAgent): string {
  const ids = [...agent.skills.keys()];
  return ids.length === 0 ? "no skills" : ids.slice(0, 25).join(", ") + (ids.length > 25 ? ` and ${ids.length - 25} more` : "");
}

export interface AgentForRequest {
  /** The agent as last described (tools and rules), and how to describe it again from a fresh tool list. */
  agent: ServedAgent;
  refresh(): Promise<ServedAgent>;
  rules: A2aRules;
}

/**
 * The SDK's DefaultRequestHandler with the adapter's checks in front of SendMessage: a message
 * that starts a task must name a skill the agent has (or the agent must have a default), and its
 * arguments are read and checked against the tool's schema here — an unknown skill is a JSON-RPC
 * error (-32602, no task made), arguments that do not fit make a REJECTED task. A message on a
 * task that is not waiting for input is refused instead of reaching the running call.
 */
export class McpAgentHandler implements A2ARequestHandler {
  constructor(
    private readonly inner: DefaultRequestHandler,
    private readonly target: AgentForRequest,
    private readonly executor: McpToolExecutor,
  ) {}

  getAgentCard(): Promise<AgentCard> {
    return this.inner.getAgentCard();
  }

  getAuthenticatedExtendedAgentCard(params: GetExtendedAgentCardRequest, context: ServerCallContext): Promise<AgentCard> {
    return this.inner.getAuthenticatedExtendedAgentCard(params, context);
  }

  async sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    await this.prepare(params, context);
    return this.inner.sendMessage(params, context);
  }

  async *sendMessageStream(params: SendMessageRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    await this.prepare(params, context);
    yield* this.inner.sendMessageStream(params, context);
  }

  getTask(params: GetTaskRequest, context: ServerCallContext): Promise<Task> {
    return this.inner.getTask(params, context);
  }

  cancelTask(params: CancelTaskRequest, context: ServerCallContext): Promise<Task> {
    return this.inner.cancelTask(params, context);
  }

  listTasks(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    return this.inner.listTasks(params, context);
  }

  resubscribe(params: SubscribeToTaskRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    return this.inner.resubscribe(params, context);
  }

  createTaskPushNotificationConfig(params: TaskPushNotificationConfig, context: ServerCallContext): Promise<TaskPushNotificationConfig> {
    return this.inner.createTaskPushNotificationConfig(params, context);
  }

  getTaskPushNotificationConfig(params: GetTaskPushNotificationConfigRequest, context: ServerCallContext): Promise<TaskPushNotificationConfig> {
    return this.inner.getTaskPushNotificationConfig(params, context);
  }

  listTaskPushNotificationConfigs(params: ListTaskPushNotificationConfigsRequest, context: ServerCallContext): Promise<ListTaskPushNotificationConfigsResponse> {
    return this.inner.listTaskPushNotificationConfigs(params, context);
  }

  deleteTaskPushNotificationConfig(params: DeleteTaskPushNotificationConfigRequest, context: ServerCallContext): Promise<void> {
    return this.inner.deleteTaskPushNotificationConfig(params, context);
  }

  private async prepare(params: SendMessageRequest, context: ServerCallContext): Promise<void> {
    const message = params.message;
    if (!message) throw new RequestMalformedError("params.message is required: the message to send, with its parts");
    if (message.taskId) {
      const run = this.executor.run(message.taskId);
      if (run && !run.waitingForInput) {
        throw new UnsupportedOperationError(`task ${message.taskId} is working and takes no input now: wait for TASK_STATE_INPUT_REQUIRED, or cancel it`);
      }
      return;
    }
    const prepared = preparedOf(context);
    if (!prepared) throw new Error("a message that starts a task reached the handler without a process");
    let agent = this.target.agent;
    const skillId = skillIdOf(message, params.metadata) ?? agent.defaultSkill;
    if (skillId === undefined) {
      throw new RequestMalformedError(`name the skill to run in the message metadata key "${SKILL_ID_KEY}" (this agent has no default skill); its skills are ${skillList(agent)}`);
    }
    let route = agent.skills.get(skillId);
    if (!route) {
      // A tool added since the list was read is found in a fresh one.
      agent = await this.target.refresh();
      route = agent.skills.get(skillId);
    }
    if (!route) throw new RequestMalformedError(`unknown skill "${skillId}": this agent's skills are ${skillList(agent)}`);
    prepared.route = route;
    prepared.arguments = argumentsFor(inputOf(message), route.entry, route.tool.inputSchema);
    prepared.rendering = renderingOf(this.target.rules, route.entry);
    prepared.problems = schemaProblems(route.tool.inputSchema, prepared.arguments);
  }
}
