import type { AgentCard } from "@a2a-js/sdk";
import type { Client } from "@a2a-js/sdk/client";
import type { JsonRpcErrorBody, JsonRpcId } from "../protocol/jsonrpc.ts";
import { ERROR_CODES, jsonRpcError } from "../protocol/jsonrpc.ts";
import { LATEST_SESSION_PROTOCOL_VERSION } from "../protocol/mcp-versions.ts";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import type { Message, SessionPort } from "../agent/session-mux.ts";
import { RELATED_TASK_META_KEY, SERVER_TASKS_CAPABILITY, SessionTasks, type ToolTask, tasksNegotiated } from "./mcp-tasks.ts";
import type { McpToolResult } from "./parts.ts";
import { RemoteCall } from "./remote-call.ts";
import type { A2aRules } from "./rules.ts";
import { type SkillTool, listedTools } from "./skill-tools.ts";

/** What serving one remote agent needs: its card, an SDK client for it, its skills as tools. */
export interface RemoteAgent {
  deploymentName: string;
  card: AgentCard;
  client: Client;
  tools: SkillTool[];
  rules: A2aRules;
  /** A call fails when the agent sends nothing for this long. */
  idleTimeoutMs: number;
}

/**
 * A remote A2A agent as an MCP server process, for the gateway's sessions: a virtual upstream
 * (no process, nothing to exit) whose ports answer initialize-time questions from the card and
 * run each tools/call as an A2A message to the skill (RemoteCall) — or, for a client that
 * negotiated MCP tasks and asks for one, as an MCP task that follows the A2A task (SessionTasks).
 */
export class A2aUpstream implements UpstreamHandle {
  readonly initializeResult: Record<string, unknown>;
  private readonly ports = new Set<A2aPort>();

  constructor(readonly agent: RemoteAgent) {
    const { card } = agent;
    this.initializeResult = {
      protocolVersion: LATEST_SESSION_PROTOCOL_VERSION,
      capabilities: { tools: { listChanged: false } },
      serverInfo: { name: card.name, title: card.name, version: card.version || "0.0.0" },
      ...(card.description ? { instructions: card.description } : {}),
    };
  }

  /** A client that declared the tasks capability is told tools/call can run as a task (MCP 2025-11-25). */
  initializeResultFor(capabilities: Record<string, unknown>): Record<string, unknown> {
    if (!tasksNegotiated(capabilities)) return this.initializeResult;
    const advertised = this.initializeResult.capabilities as Record<string, unknown>;
    return { ...this.initializeResult, capabilities: { ...advertised, tasks: SERVER_TASKS_CAPABILITY } };
  }

  attach(): SessionPort {
    const port = new A2aPort(this);
    this.ports.add(port);
    return port;
  }

  /** A remote agent is no process: nothing ends on its own, so nobody is ever called. */
  onExit(): () => void {
    return () => {};
  }

  /** The session is over: calls still running stop (and their tasks are canceled at the agent). */
  dispose(): void {
    for (const port of [...this.ports]) port.detach();
  }

  /** @internal */
  portDetached(port: A2aPort): void {
    this.ports.delete(port);
  }
}

class A2aPort implements SessionPort {
  onMessage: (message: Message) => void = () => {};
  onCall: (ms: number, failed: boolean, bytes: number) => void = () => {};
  capabilities: Record<string, unknown> = {};
  private readonly calls = new Map<JsonRpcId, RemoteCall>();
  private readonly questions = new Map<JsonRpcId, (answer: Message) => void>();
  /** This session's MCP tasks, once its client negotiated them; tasks/result requests waiting. */
  private tasks: SessionTasks | undefined;
  private readonly resultWaits = new Set<JsonRpcId>();
  private nextQuestion = 1;
  private detached = false;

  constructor(private readonly upstream: A2aUpstream) {}

  send(message: Message): JsonRpcErrorBody | undefined {
    if (message.method === undefined) {
      // The client's answer to one of our questions (an elicitation for INPUT_REQUIRED).
      const waiting = this.questions.get(message.id ?? null);
      this.questions.delete(message.id ?? null);
      waiting?.(message);
      return undefined;
    }
    if (message.id === undefined || message.id === null) {
      if (message.method === "notifications/cancelled") this.cancel(message.params?.requestId as JsonRpcId, String(message.params?.reason ?? "cancelled by the client"));
      return undefined;
    }
    const id = message.id;
    if (this.detached) return jsonRpcError(id, ERROR_CODES.upstreamGone, "the session has ended");
    switch (message.method) {
      case "ping":
      case "logging/setLevel":
        return this.answerLater(id, {});
      case "tools/list":
        return this.answerLater(id, { tools: listedTools(this.upstream.agent.tools, this.tasks !== undefined) });
      case "tools/call":
        return this.callTool(id, message.params ?? {});
      case "tasks/get":
      case "tasks/list":
      case "tasks/cancel":
        if (!this.tasks) break;
        return this.answerTasks(id, message.method, message.params ?? {});
      case "tasks/result":
        if (!this.tasks) break;
        return this.taskResult(id, message.params ?? {});
    }
    return jsonRpcError(id, ERROR_CODES.methodNotFound, `${message.method} is not offered: the A2A agent "${this.upstream.agent.card.name}" is served as tools only${message.method.startsWith("tasks/") ? " (and tasks when the client declares the tasks capability)" : ""}`);
  }
  declareCapabilities(capabilities: Record<string, unknown>): void {
    this.capabilities = capabilities;
    if (tasksNegotiated(capabilities)) this.tasks ??= new SessionTasks((message) => !this.detached && this.onMessage(message));
  }

  cancel(clientId: JsonRpcId, reason: string): void {
    // A tasks/result the client gave up on: the task goes on, only this answer is dropped.
    if (this.resultWaits.delete(clientId)) return;
    const call = this.calls.get(clientId);
    this.calls.delete(clientId);
    call?.cancel(reason);
  }

  detach(): void {
    if (this.detached) return;
    this.detached = true;
    for (const [id, call] of this.calls) {
      this.calls.delete(id);
      call.cancel("the client went away");
    }
    for (const waiting of this.questions.values()) waiting({ jsonrpc: "2.0", id: null, error: { code: ERROR_CODES.upstreamGone, message: "the session has ended" } });
    this.questions.clear();
    this.resultWaits.clear();
    this.tasks?.close();
    this.upstream.portDetached(this);
  }

  /** Sends the client a request (an elicitation) and resolves with its answer. */
  ask(method: string, params: Record<string, unknown>): Promise<Message> {
    const id = `a2a-${this.nextQuestion++}`;
    return new Promise((resolve) => {
      this.questions.set(id, resolve);
      this.onMessage({ jsonrpc: "2.0", id, method, params });
    });
  }

  get supportsElicitation(): boolean {
    return this.capabilities.elicitation !== undefined;
  }

  private callTool(id: JsonRpcId, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const { agent } = this.upstream;
    const name = params.name;
    const tool = agent.tools.find((candidate) => candidate.name === name);
    if (!tool) {
      const names = agent.tools.map((candidate) => candidate.name);
      return jsonRpcError(id, ERROR_CODES.invalidParams, `unknown tool "${String(name)}": the agent's tools are ${names.join(", ") || "none"}`, { reason: "unknown_tool" });
    }
    const args = params.arguments ?? {};
    const problem = argumentProblem(args);
    // MCP 2025-11-25: bad arguments are a tool execution error, which a model can correct.
    if (problem) return this.answerLater(id, { content: [{ type: "text", text: `tool ${tool.name}: ${problem}` }], isError: true });
    const meta = params._meta as { progressToken?: string | number } | undefined;
    if (this.tasks && typeof params.task === "object" && params.task !== null) return this.startTask(id, tool, args as CallArguments, meta?.progressToken, params.task);
    const started = performance.now();
    const call = new RemoteCall({
      agent,
      tool,
      arguments: args as CallArguments,
      progressToken: meta?.progressToken,
      notify: (message) => !this.detached && this.onMessage(message),
      ask: (method, askParams) => this.ask(method, askParams),
      canAsk: () => this.supportsElicitation,
    });
    this.calls.set(id, call);
    void call.run().then((result) => {
      if (this.calls.get(id) !== call) return; // cancelled: MCP sends no answer to a cancelled request
      this.calls.delete(id);
      const reply: Message = { jsonrpc: "2.0", id, result };
      this.onCall(performance.now() - started, result.isError === true, JSON.stringify(reply).length);
      this.onMessage(reply);
    });
    return undefined;
  }

  /**
   * A tools/call with `task` from a client that negotiated tasks: answered at once with the new
   * task; the call runs on, its A2A states becoming the task's status, and its INPUT_REQUIRED
   * elicitations carrying the task's id (they reach the client on the stream of its tasks/result).
   */
  private startTask(id: JsonRpcId, tool: SkillTool, args: CallArguments, progressToken: string | number | undefined, requested: unknown): JsonRpcErrorBody | undefined {
    const tasks = this.tasks!;
    const task = tasks.create(id, requested);
    if (!("taskId" in task)) return task;
    const related = { [RELATED_TASK_META_KEY]: { taskId: task.taskId } };
    const started = performance.now();
    const call = new RemoteCall({
      agent: this.upstream.agent,
      tool,
      arguments: args,
      progressToken,
      notify: (message) => !this.detached && this.onMessage(message),
      ask: async (method, askParams) => {
        tasks.update(task, "input_required", typeof askParams.message === "string" ? askParams.message : undefined);
        const answer = await this.ask(method, { ...askParams, _meta: related });
        tasks.update(task, "working", undefined);
        return answer;
      },
      canAsk: () => this.supportsElicitation,
      onState: (state, message, ids) => tasks.observe(task, state, message, ids),
    });
    task.cancelRun = (reason) => call.cancel(reason);
    void call.run().then((result) => {
      this.onCall(performance.now() - started, result.isError === true, JSON.stringify(result).length);
      tasks.finish(task, result);
    });
    return this.answerLater(id, { task: task.view() });
  }

  private answerTasks(id: JsonRpcId, method: string, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const answer = this.tasks!.answer(id, method, params);
    return "result" in answer ? this.answerLater(id, answer.result) : answer;
  }

  /** tasks/result: the call's result (content, structuredContent, isError) once the task has ended. */
  private taskResult(id: JsonRpcId, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const task = this.tasks!.find(id, params);
    if (!("taskId" in task)) return task;
    this.resultWaits.add(id);
    void (task as ToolTask).wait().then((result: McpToolResult) => {
      if (!this.resultWaits.delete(id) || this.detached) return;
      this.onMessage({ jsonrpc: "2.0", id, result });
    });
    return undefined;
  }

  /** A locally answered request, delivered after send() returns, as a process's answer would be. */
  private answerLater(id: JsonRpcId, result: Record<string, unknown>): undefined {
    setImmediate(() => {
      if (!this.detached) this.onMessage({ jsonrpc: "2.0", id, result });
    });
    return undefined;
  }
}

export interface CallArguments {
  message: string;
  data?: Record<string, unknown>;
  contextId?: string;
  taskId?: string;
}

/** What is wrong with a skill tool's arguments, or undefined. */
function argumentProblem(args: unknown): string | undefined {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return "arguments must be an object: {message, data?, contextId?, taskId?}";
  const value = args as Record<string, unknown>;
  if (typeof value.message !== "string") return "arguments.message is required: the text to send to the agent";
  if (value.data !== undefined && (typeof value.data !== "object" || value.data === null || Array.isArray(value.data))) return "arguments.data must be an object";
  for (const key of ["contextId", "taskId"] as const) if (value[key] !== undefined && typeof value[key] !== "string") return `arguments.${key} must be a string`;
  const extra = Object.keys(value).filter((key) => !["message", "data", "contextId", "taskId"].includes(key));
  if (extra.length > 0) return `unexpected argument ${extra.map((key) => `"${key}"`).join(", ")}: expected message, data, contextId and taskId`;
  return undefined;
}
