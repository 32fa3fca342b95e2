import { type Message, type Part, TaskState } from "@a2a-js/sdk";
import { AgentEvent, type AgentExecutionEvent, type ExecutionEventBus } from "@a2a-js/sdk/server";
import type { Message as McpMessage, SessionPort } from "../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcId, jsonRpcError } from "../protocol/jsonrpc.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { agentMessage, artifact, dataPart, statusUpdate, textPart } from "./a2a-model.ts";
import type { SkillRoute } from "./agent-card.ts";
import { inputOf, textArgumentOf } from "./message-input.ts";
import { type McpToolResult, isPlainObject, resultToParts } from "./parts.ts";
import type { Rendering } from "./rules.ts";
import { schemaProblems } from "./schema-check.ts";

/** The message metadata key a reply to INPUT_REQUIRED sets to decline or cancel instead of answering. */
export const ELICITATION_ACTION_KEY = "elicitationAction";

const CALL_ID = 1;
const PROGRESS_TOKEN = "a2a";

export interface ToolRunOptions {
  taskId: string;
  contextId: string;
  route: SkillRoute;
  arguments: Record<string, unknown>;
  rendering: Rendering;
  handle: UpstreamHandle;
  /** Each answered call, for the key's usage figures. */
  onCall(ms: number, failed: boolean, bytes: number): void;
  /** The run is over; its process is no longer used by it. */
  ended(run: ToolRun): void;
  /** The run finished while no request waited on it: its last event is stored and its bus ended here. */
  orphaned(run: ToolRun, bus: ExecutionEventBus, last: AgentExecutionEvent): void;
}

interface Question {
  upstreamId: JsonRpcId;
  requestedSchema: Record<string, unknown>;
}

/**
 * One tools/call as an A2A task, from WORKING to its end: progress notifications become WORKING
 * status updates, the result an artifact and COMPLETED (isError: FAILED, invalid arguments:
 * REJECTED), an elicitation INPUT_REQUIRED — answered by the next message on the task — and a
 * cancel notifications/cancelled upstream. Each request's execute() waits on the run until its
 * next stop: the end, or a question for the client.
 */
export class ToolRun {
  state: TaskState = TaskState.TASK_STATE_WORKING;
  /** When it began waiting for the client's input (0: not waiting). */
  askedAt = 0;
  private bus!: ExecutionEventBus;
  private port: SessionPort | undefined;
  private question: Question | undefined;
  private wake: (() => void) | undefined;
  private done = false;

  constructor(private readonly options: ToolRunOptions) {}

  get taskId(): string {
    return this.options.taskId;
  }

  get waitingForInput(): boolean {
    return this.question !== undefined && !this.done;
  }

  /** Sends tools/call; resolves at the first stop. */
  start(bus: ExecutionEventBus): Promise<void> {
    this.bus = bus;
    const { route, handle } = this.options;
    const port = handle.attach();
    this.port = port;
    port.onMessage = (message) => this.fromServer(message);
    port.onCall = this.options.onCall;
    // The only server request an A2A client can answer is an elicitation (as INPUT_REQUIRED);
    // the session mux answers roots and sampling for us.
    port.declareCapabilities({ elicitation: {} });
    this.publish(TaskState.TASK_STATE_WORKING, undefined, { tool: route.tool.name });
    const stop = this.nextStop();
    const refused = port.send({ jsonrpc: "2.0", id: CALL_ID, method: "tools/call", params: { name: route.tool.name, arguments: this.options.arguments, _meta: { progressToken: PROGRESS_TOKEN } } });
    if (refused) this.fromServer(refused as McpMessage);
    return stop;
  }

  /** The client's next message on the task: the answer to the server's question. Resolves at the next stop. */
  answer(message: Message, bus: ExecutionEventBus): Promise<void> {
    this.bus = bus;
    const question = this.question;
    if (!question || this.done) return Promise.resolve();
    const stop = this.nextStop();
    const action = message.metadata?.[ELICITATION_ACTION_KEY];
    if (action === "decline" || action === "cancel") return this.reply(question, { action }, stop);
    const input = inputOf(message);
    const textField = textArgumentOf(question.requestedSchema);
    const content = Object.keys(input.data).length > 0 ? input.data : textField && input.text !== "" ? { [textField]: input.text } : {};
    const problems = schemaProblems(question.requestedSchema, content);
    if (problems.length > 0) {
      // Still waiting: the client hears what is wrong and answers again.
      this.publish(TaskState.TASK_STATE_INPUT_REQUIRED, [textPart(`the answer does not fit the requested schema: ${problems.join("; ")}`), dataPart({ requestedSchema: question.requestedSchema, problems })]);
      this.stop();
      return stop;
    }
    return this.reply(question, { action: "accept", content }, stop);
  }

  /** Cancels the MCP call (notifications/cancelled upstream) and ends the task CANCELED. */
  cancel(reason: string): void {
    if (this.done) return;
    this.port?.cancel(CALL_ID, reason);
    this.finish(TaskState.TASK_STATE_CANCELED, [textPart(`canceled: ${reason}`)]);
  }

  /** Gives up on the call (input never came, the gateway shuts down): the task ends FAILED. */
  fail(reason: string): void {
    if (this.done) return;
    this.port?.cancel(CALL_ID, reason);
    this.finish(TaskState.TASK_STATE_FAILED, [textPart(reason)]);
  }

  private reply(question: Question, result: Record<string, unknown>, stop: Promise<void>): Promise<void> {
    this.question = undefined;
    this.askedAt = 0;
    this.port?.send({ jsonrpc: "2.0", id: question.upstreamId, result });
    this.publish(TaskState.TASK_STATE_WORKING, [textPart(result.action === "accept" ? "input received" : `input ${String(result.action)}d`)]);
    return stop;
  }

  private fromServer(message: McpMessage): void {
    if (this.done) return;
    if (message.method === undefined) {
      if (message.id === CALL_ID) this.answered(message);
      return;
    }
    if (message.id !== undefined && message.id !== null) return this.serverAsks(message);
    if (message.method === "notifications/progress") return this.progress(message.params ?? {});
    if (message.method === "notifications/cancelled" && this.question?.upstreamId === message.params?.requestId) {
      // The server withdrew its question: the task goes on working.
      this.question = undefined;
      this.askedAt = 0;
      this.publish(TaskState.TASK_STATE_WORKING, [textPart("the server withdrew its question")]);
    }
  }

  private serverAsks(message: McpMessage): void {
    if (message.method === "ping") return void this.port?.send({ jsonrpc: "2.0", id: message.id!, result: {} });
    if (message.method !== "elicitation/create" || this.question) {
      const why = this.question ? "the A2A client is already asked one question" : `A2A clients cannot answer ${message.method}`;
      return void this.port?.send(jsonRpcError(message.id!, ERROR_CODES.methodNotFound, why) as McpMessage);
    }
    const params = message.params ?? {};
    const requestedSchema = isPlainObject(params.requestedSchema) ? params.requestedSchema : { type: "object", properties: {} };
    if (params.mode === "url") {
      return void this.port?.send(jsonRpcError(message.id!, ERROR_CODES.methodNotFound, "A2A clients cannot open URL elicitations") as McpMessage);
    }
    this.question = { upstreamId: message.id!, requestedSchema };
    this.askedAt = Date.now();
    const text = typeof params.message === "string" ? params.message : "the tool needs more input";
    this.publish(TaskState.TASK_STATE_INPUT_REQUIRED, [textPart(text), dataPart({ requestedSchema })], { elicitation: { requestedSchema } });
    this.stop();
  }

  private progress(params: Record<string, unknown>): void {
    const { progress, total, message } = params;
    const text = `progress ${String(progress)}${typeof total === "number" ? `/${total}` : ""}${typeof message === "string" ? `: ${message}` : ""}`;
    const data = { progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) };
    this.publish(TaskState.TASK_STATE_WORKING, [textPart(text), dataPart(data)], { progress: data });
  }

  private answered(message: McpMessage): void {
    const { route } = this.options;
    const error = message.error as { code?: number; message?: string } | undefined;
    if (error) {
      const state = error.code === ERROR_CODES.invalidParams ? TaskState.TASK_STATE_REJECTED : TaskState.TASK_STATE_FAILED;
      return this.finish(state, [textPart(`tool ${route.tool.name} failed: ${error.message ?? "no message"}`), dataPart({ error })]);
    }
    const result = (isPlainObject(message.result) ? message.result : {}) as McpToolResult;
    const parts = resultToParts(result, this.options.rendering, route.entry?.resultParts);
    if (result.isError === true) {
      // MCP servers report invalid arguments as an error result ("MCP error -32602: ...").
      const first = parts.find((part) => part.content?.$case === "text");
      const invalid = first?.content?.$case === "text" && first.content.value.startsWith(`MCP error ${ERROR_CODES.invalidParams}`);
      return this.finish(invalid ? TaskState.TASK_STATE_REJECTED : TaskState.TASK_STATE_FAILED, parts.length > 0 ? parts : [textPart(`tool ${route.tool.name} reported an error`)]);
    }
    this.bus.publish(
      AgentEvent.artifactUpdate({
        taskId: this.options.taskId,
        contextId: this.options.contextId,
        artifact: artifact("result", route.tool.name, parts.length > 0 ? parts : [dataPart({})], { tool: route.tool.name, skillId: route.skillId }),
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
    this.finish(TaskState.TASK_STATE_COMPLETED);
  }

  private finish(state: TaskState, parts?: Part[]): void {
    this.done = true;
    this.question = undefined;
    this.port?.detach();
    const last = this.publish(state, parts);
    this.options.ended(this);
    if (this.wake) this.stop();
    else this.options.orphaned(this, this.bus, last);
  }

  private publish(state: TaskState, parts?: Part[], metadata?: Record<string, unknown>): AgentExecutionEvent {
    this.state = state;
    const { taskId, contextId } = this.options;
    const message = parts ? agentMessage(taskId, contextId, parts) : undefined;
    const event = AgentEvent.statusUpdate(statusUpdate(taskId, contextId, state, message, metadata));
    this.bus.publish(event);
    return event;
  }

  private nextStop(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private stop(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
