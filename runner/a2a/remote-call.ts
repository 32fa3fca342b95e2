import { type Artifact, type Message, type Part, type SendMessageRequest, type StreamResponse, TaskState } from "@a2a-js/sdk";
import type { Message as McpMessage } from "../agent/session-mux.ts";
import { TERMINAL_STATES, dataPart, stateName, textOf, textPart, userMessage } from "./a2a-model.ts";
import type { CallArguments, RemoteAgent } from "./a2a-upstream.ts";
import { SKILL_ID_KEY } from "./message-input.ts";
import { type McpToolResult, isPlainObject, partsToContent } from "./parts.ts";
import { renderingOf } from "./rules.ts";
import type { SkillTool } from "./skill-tools.ts";

/** Where results say which A2A task and context they came from. */
export const A2A_RESULT_META_KEY = "io.switchyard/a2a";

/** Rounds of INPUT_REQUIRED → elicitation → answer one call goes through at most. */
const MAX_ROUNDS = 10;
const ELICIT_FIELD = "reply";

export interface RemoteCallOptions {
  agent: RemoteAgent;
  tool: SkillTool;
  arguments: CallArguments;
  progressToken?: string | number;
  /** A notification for the client (progress). */
  notify(message: McpMessage): void;
  /** Asks the client (elicitation) and resolves with its answer. */
  ask(method: string, params: Record<string, unknown>): Promise<McpMessage>;
  canAsk(): boolean;
  /** Each state the A2A task reports, with its status message's text and the ids known so far. */
  onState?(state: TaskState | undefined, message: string | undefined, ids: { taskId?: string; contextId?: string }): void;
}

type Exchange = { kind: "stopped" } | { kind: "ended" } | { kind: "error"; message: string };

/**
 * One tools/call as A2A messages to the skill: streamed (SendStreamingMessage when the card says
 * it streams), each event a progress notification, the artifacts the result's content and
 * structured content, the task and context ids in `_meta`. INPUT_REQUIRED becomes an elicitation
 * when the client can answer one (its answer is the next message on the task), a result naming
 * the task to continue otherwise. FAILED, REJECTED and CANCELED are `isError` results; a hung
 * agent or a dropped stream ends the call with an error saying which.
 */
export class RemoteCall {
  private readonly abort = new AbortController();
  private cancelled: string | undefined;
  private idle: NodeJS.Timeout | undefined;
  private idleFired = false;
  private taskId: string | undefined;
  private contextId: string | undefined;
  private state: TaskState | undefined;
  private statusMessage: Message | undefined;
  private reply: Message | undefined;
  private readonly artifacts = new Map<string, Artifact>();
  private progress = 0;

  constructor(private readonly options: RemoteCallOptions) {
    this.taskId = options.arguments.taskId || undefined;
    this.contextId = options.arguments.contextId || undefined;
  }

  /** The client cancelled the call: the stream stops and the task is canceled at the agent. */
  cancel(reason: string): void {
    if (this.cancelled !== undefined) return;
    this.cancelled = reason;
    this.abort.abort(new Error(reason));
    void this.cancelRemote();
  }

  async run(): Promise<McpToolResult> {
    const { arguments: args } = this.options;
    let message = userMessage([textPart(args.message), ...(args.data ? [dataPart(args.data)] : [])], { taskId: this.taskId, contextId: this.contextId }, { [SKILL_ID_KEY]: this.options.tool.skillId });
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const exchange = await this.exchange(message);
      if (this.cancelled !== undefined) return this.error(`cancelled: ${this.cancelled}`);
      if (this.idleFired) {
        await this.cancelRemote();
        return this.error(`the agent sent nothing for ${Math.round(this.options.agent.idleTimeoutMs / 1000)} s, so the call was given up${this.taskId ? " and its task canceled" : ""}`);
      }
      if (exchange.kind === "error") return this.error(`the agent answered with an error: ${exchange.message}`);
      if (exchange.kind === "ended" && !this.reply && !this.isFinal() && !this.isInterrupted()) {
        const recovered = await this.recover();
        if (!recovered) return this.error(`the agent's stream ended before the task finished (last state ${stateName(this.state)})${this.taskId ? `; call again with taskId "${this.taskId}" to follow it up` : ""}`);
      }
      if (this.reply || this.state !== TaskState.TASK_STATE_INPUT_REQUIRED) return this.result();
      if (!this.options.canAsk()) return this.needsInput();
      const answer = await this.elicit();
      if (answer.kind === "answer") {
        message = answer.message;
        continue;
      }
      await this.cancelRemote();
      return this.error(`the input the agent asked for was ${answer.why}, so its task was canceled`);
    }
    await this.cancelRemote();
    return this.error(`the agent asked for input more than ${MAX_ROUNDS} times; its task was canceled`);
  }

  private async exchange(message: Message): Promise<Exchange> {
    const request: SendMessageRequest = {
      tenant: "",
      message,
      configuration: { acceptedOutputModes: [], taskPushNotificationConfig: undefined, returnImmediately: false },
      metadata: undefined,
    };
    this.armIdle();
    try {
      for await (const event of this.options.agent.client.sendMessageStream(request, { signal: this.abort.signal })) {
        this.armIdle();
        this.take(event);
        // A task snapshot comes first in a follow-up's stream, still in its old state: only a
        // status update stops the stream at INPUT_REQUIRED (as the SDK's own event queue does).
        const update = event.payload?.$case === "statusUpdate";
        if (this.reply || this.isFinal() || (update && this.isInterrupted())) return { kind: "stopped" };
      }
      return { kind: "ended" };
    } catch (error) {
      if (this.abort.signal.aborted) return { kind: "stopped" };
      // A stream cut mid-way: what the task came to is asked for below.
      if (this.taskId && this.state !== undefined) return { kind: "ended" };
      return { kind: "error", message: (error as Error).message };
    } finally {
      clearTimeout(this.idle);
    }
  }

  private take(event: StreamResponse): void {
    const payload = event.payload;
    if (!payload) return;
    switch (payload.$case) {
      case "task": {
        const task = payload.value;
        this.taskId = task.id;
        this.contextId = task.contextId;
        this.state = task.status?.state;
        this.statusMessage = task.status?.message ?? this.statusMessage;
        for (const item of task.artifacts) this.artifacts.set(item.artifactId, item);
        this.notify(stateName(this.state));
        this.stateChanged();
        break;
      }
      case "statusUpdate": {
        const update = payload.value;
        this.taskId ||= update.taskId;
        this.contextId ||= update.contextId;
        this.state = update.status?.state;
        if (update.status?.message) this.statusMessage = update.status.message;
        this.notify(textOf(update.status?.message) || stateName(this.state));
        this.stateChanged();
        break;
      }
      case "artifactUpdate": {
        const item = payload.value.artifact;
        if (!item) break;
        const known = this.artifacts.get(item.artifactId);
        this.artifacts.set(item.artifactId, payload.value.append && known ? { ...known, parts: [...known.parts, ...item.parts] } : item);
        this.notify(`artifact ${item.name || item.artifactId}`);
        break;
      }
      case "message":
        this.reply = payload.value;
        this.contextId = payload.value.contextId || this.contextId;
        break;
    }
  }

  private notify(message: string): void {
    const token = this.options.progressToken;
    if (token === undefined) return;
    this.options.notify({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: token, progress: ++this.progress, message } });
  }

  private stateChanged(): void {
    this.options.onState?.(this.state, textOf(this.statusMessage) || undefined, { taskId: this.taskId, contextId: this.contextId });
  }

  /** After a dropped stream: the task's state as GetTask tells it, if it is final (or waits for input). */
  private async recover(): Promise<boolean> {
    if (!this.taskId) return false;
    try {
      const task = await this.options.agent.client.getTask({ tenant: "", id: this.taskId, historyLength: 0 }, { signal: AbortSignal.timeout(this.options.agent.idleTimeoutMs) });
      this.state = task.status?.state;
      this.statusMessage = task.status?.message ?? this.statusMessage;
      for (const item of task.artifacts) this.artifacts.set(item.artifactId, item);
      return this.isFinal() || this.isInterrupted();
    } catch {
      return false;
    }
  }

  private async elicit(): Promise<{ kind: "answer"; message: Message } | { kind: "refused"; why: string }> {
    const schema = requestedSchemaOf(this.statusMessage);
    const question = textOf(this.statusMessage) || "The agent needs more input to go on.";
    const aborted = new Promise<McpMessage>((resolve) => this.abort.signal.addEventListener("abort", () => resolve({ jsonrpc: "2.0", id: null, error: { code: 0, message: "cancelled" } }), { once: true }));
    const answer = await Promise.race([this.options.ask("elicitation/create", { message: question, requestedSchema: schema ?? DEFAULT_SCHEMA(question) }), aborted]);
    const error = answer.error as { message?: string } | undefined;
    if (error) return { kind: "refused", why: `not given (${error.message ?? "the client failed to answer"})` };
    const result = isPlainObject(answer.result) ? answer.result : {};
    if (result.action !== "accept") return { kind: "refused", why: result.action === "decline" ? "declined" : "cancelled" };
    const content = isPlainObject(result.content) ? result.content : {};
    const parts: Part[] = schema ? [dataPart(content)] : [textPart(String(content[ELICIT_FIELD] ?? ""))];
    return { kind: "answer", message: userMessage(parts, { taskId: this.taskId, contextId: this.contextId }, { [SKILL_ID_KEY]: this.options.tool.skillId }) };
  }

  private result(): McpToolResult {
    const rendering = renderingOf(this.options.agent.rules, this.options.tool.entry);
    if (this.reply) {
      const { content, structuredContent } = partsToContent(this.reply.parts, rendering);
      return { content: nonEmpty(content, "the agent replied with an empty message"), ...(structuredContent ? { structuredContent } : {}), _meta: this.meta("message") };
    }
    const artifactParts = [...this.artifacts.values()].flatMap((item) => item.parts);
    if (this.state === TaskState.TASK_STATE_COMPLETED) {
      const { content, structuredContent } = partsToContent(artifactParts.length > 0 ? artifactParts : (this.statusMessage?.parts ?? []), rendering);
      return { content: nonEmpty(content, "the agent completed the task without output"), ...(structuredContent ? { structuredContent } : {}), _meta: this.meta() };
    }
    const verb = this.state === TaskState.TASK_STATE_REJECTED ? "rejected" : this.state === TaskState.TASK_STATE_CANCELED ? "canceled" : this.state === TaskState.TASK_STATE_AUTH_REQUIRED ? "needs authorization for" : "failed";
    const reason = textOf(this.statusMessage) || "no reason given";
    const { content } = partsToContent(artifactParts, rendering);
    return { content: [{ type: "text", text: `the agent ${verb} the task (${stateName(this.state)}): ${reason}` }, ...content], isError: true, _meta: this.meta() };
  }

  private needsInput(): McpToolResult {
    const question = textOf(this.statusMessage) || "the agent needs more input";
    const text = `${question}\n\nThe agent is waiting for input (task ${this.taskId}). Call ${this.options.tool.name} again with taskId "${this.taskId}" and your answer as message (or data).`;
    return { content: [{ type: "text", text }], _meta: this.meta() };
  }

  private error(text: string): McpToolResult {
    return { content: [{ type: "text", text }], isError: true, _meta: this.meta() };
  }

  private meta(kind?: "message"): Record<string, unknown> {
    const ids = { ...(this.taskId ? { taskId: this.taskId } : {}), ...(this.contextId ? { contextId: this.contextId } : {}) };
    return { [A2A_RESULT_META_KEY]: { ...ids, ...(kind === "message" ? { messageId: this.reply?.messageId } : { state: stateName(this.state) }) } };
  }

  /** Waiting for the client: for input (asked as an elicitation) or for authorization (an error here). */
  private isInterrupted(): boolean {
    return this.state === TaskState.TASK_STATE_INPUT_REQUIRED || this.state === TaskState.TASK_STATE_AUTH_REQUIRED;
  }

  private isFinal(): boolean {
    return this.state !== undefined && TERMINAL_STATES.has(this.state);
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.idleFired = true;
      this.abort.abort(new Error("idle"));
    }, this.options.agent.idleTimeoutMs);
  }

  private async cancelRemote(): Promise<void> {
    if (!this.taskId || this.isFinal()) return;
    await this.options.agent.client.cancelTask({ tenant: "", id: this.taskId, metadata: undefined }, { signal: AbortSignal.timeout(5_000) }).catch(() => {});
  }
}

function DEFAULT_SCHEMA(question: string): Record<string, unknown> {
  return { type: "object", properties: { [ELICIT_FIELD]: { type: "string", title: "Your answer", description: question.slice(0, 500) } }, required: [ELICIT_FIELD] };
}

/**
 * The form to ask with: a JSON schema the agent sent in a data part of its status message
 * (`{requestedSchema}` or the schema itself), cut down to what MCP elicitation takes — an object
 * of primitive properties. Undefined when it sent none (a free-text answer is asked for).
 */
function requestedSchemaOf(message: Message | undefined): Record<string, unknown> | undefined {
  for (const part of message?.parts ?? []) {
    if (part.content?.$case !== "data" || !isPlainObject(part.content.value)) continue;
    const value = part.content.value;
    const schema = isPlainObject(value.requestedSchema) ? value.requestedSchema : value;
    if (schema.type !== "object" || !isPlainObject(schema.properties)) continue;
    const properties = Object.fromEntries(
      Object.entries(schema.properties).filter(([, property]) => isPlainObject(property) && ["string", "number", "integer", "boolean"].includes(String(property.type))),
    );
    if (Object.keys(properties).length === 0) continue;
    const required = Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === "string" && name in properties) : [];
    return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  }
  return undefined;
}

function nonEmpty(content: unknown[], fallback: string): unknown[] {
  return content.length > 0 ? content : [{ type: "text", text: fallback }];
}
