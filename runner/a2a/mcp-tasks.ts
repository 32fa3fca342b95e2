import { randomUUID } from "node:crypto";
import { TaskState } from "@a2a-js/sdk";
import type { Message } from "../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcErrorBody, type JsonRpcId, jsonRpcError } from "../protocol/jsonrpc.ts";
import type { McpToolResult } from "./parts.ts";
import { A2A_RESULT_META_KEY } from "./remote-call.ts";

/** MCP 2025-11-25 tasks: what a session's client may do with the tasks of this server. */
export const SERVER_TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } } as const;
/** Where a message says which task it belongs to (MCP 2025-11-25). */
export const RELATED_TASK_META_KEY = "io.modelcontextprotocol/related-task";

export type TaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

/** How long a task is kept from its creation when the client asks for no ttl, and at most. */
const DEFAULT_TTL_MS = 10 * 60_000;
const MAX_TTL_MS = 60 * 60_000;
/** What tasks/get tells the client to wait between polls. */
const POLL_INTERVAL_MS = 500;
/** Tasks one session holds at most (finished ones are dropped first to make room). */
const MAX_TASKS = 100;

/** Whether the client's initialize declared the tasks capability (then tools/call may create tasks). */
export function tasksNegotiated(capabilities: Record<string, unknown>): boolean {
  return typeof capabilities.tasks === "object" && capabilities.tasks !== null;
}

/** One tools/call run as an MCP task: its status follows the A2A task's, its result is the call's. */
export class ToolTask {
  readonly taskId = randomUUID();
  readonly createdAt = new Date();
  status: TaskStatus = "working";
  statusMessage: string | undefined;
  lastUpdatedAt = this.createdAt;
  /** The A2A task and context this task maps to, once the agent has named them. */
  a2aTaskId: string | undefined;
  a2aContextId: string | undefined;
  a2aState: TaskState | undefined;
  result: McpToolResult | undefined;
  cancelRun: (reason: string) => void = () => {};
  private readonly waiters: Array<(result: McpToolResult) => void> = [];
  expiry: NodeJS.Timeout | undefined;

  constructor(readonly ttl: number) {}

  get terminal(): boolean {
    return this.status === "completed" || this.status === "failed" || this.status === "cancelled";
  }

  /** The task as tasks/get, tasks/list and notifications/tasks/status carry it. */
  view(): Record<string, unknown> {
    return {
      taskId: this.taskId,
      status: this.status,
      ...(this.statusMessage ? { statusMessage: this.statusMessage } : {}),
      createdAt: this.createdAt.toISOString(),
      lastUpdatedAt: this.lastUpdatedAt.toISOString(),
      ttl: this.ttl,
      pollInterval: POLL_INTERVAL_MS,
    };
  }

  /** Resolves with the call's result once the task has ended. */
  wait(): Promise<McpToolResult> {
    if (this.result) return Promise.resolve(this.result);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** @internal */
  settle(result: McpToolResult): void {
    this.result = result;
    for (const resolve of this.waiters.splice(0)) resolve(result);
  }
}

/**
 * The MCP tasks of one session (tools/call with `task`, tasks/get, tasks/result, tasks/list,
 * tasks/cancel). Tasks belong to the session that created them: another session never sees
 * them (its own SessionTasks has none), and they end with it.
 */
export class SessionTasks {
  private readonly tasks = new Map<string, ToolTask>();

  constructor(private readonly notify: (message: Message) => void) {}

  /** A new working task, or an error when the session holds too many unfinished ones. */
  create(id: JsonRpcId, requested: unknown): ToolTask | JsonRpcErrorBody {
    if (this.tasks.size >= MAX_TASKS) {
      const finished = [...this.tasks.values()].find((task) => task.terminal);
      if (!finished) return jsonRpcError(id, ERROR_CODES.refused, `this session has ${MAX_TASKS} unfinished tasks: wait for one to end or cancel one (tasks/cancel)`);
      this.forget(finished);
    }
    const ttl = (requested as { ttl?: unknown } | undefined)?.ttl;
    const task = new ToolTask(typeof ttl === "number" && ttl > 0 ? Math.min(ttl, MAX_TTL_MS) : DEFAULT_TTL_MS);
    this.tasks.set(task.taskId, task);
    return task;
  }

  /** An A2A status event for the task: working or input_required (ends are set by finish). */
  observe(task: ToolTask, state: TaskState | undefined, message: string | undefined, ids: { taskId?: string; contextId?: string }): void {
    task.a2aTaskId = ids.taskId || task.a2aTaskId;
    task.a2aContextId = ids.contextId || task.a2aContextId;
    task.a2aState = state;
    if (task.terminal) return;
    this.update(task, state === TaskState.TASK_STATE_INPUT_REQUIRED ? "input_required" : "working", message);
  }

  update(task: ToolTask, status: TaskStatus, message: string | undefined): void {
    if (task.terminal || (task.status === status && task.statusMessage === message)) return;
    task.status = status;
    task.statusMessage = message;
    task.lastUpdatedAt = new Date();
    this.notify({ jsonrpc: "2.0", method: "notifications/tasks/status", params: task.view() });
  }

  /** The call ended: the task is completed, failed or cancelled, and kept until its ttl runs out. */
  finish(task: ToolTask, result: McpToolResult): void {
    if (!task.terminal) {
      const status = task.a2aState === TaskState.TASK_STATE_CANCELED ? "cancelled" : result.isError ? "failed" : "completed";
      this.update(task, status, status === "completed" ? undefined : firstText(result));
    }
    task.settle({ ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId: task.taskId } } });
    task.expiry = setTimeout(() => this.forget(task), Math.max(0, task.createdAt.getTime() + task.ttl - Date.now()));
    task.expiry.unref();
  }

  /** Answers tasks/get, tasks/list and tasks/cancel; tasks/result through result(). */
  answer(id: JsonRpcId, method: string, params: Record<string, unknown>): { result: Record<string, unknown> } | JsonRpcErrorBody {
    if (method === "tasks/list") return { result: { tasks: [...this.tasks.values()].map((task) => task.view()) } };
    const task = this.find(id, params);
    if (!("taskId" in task)) return task;
    if (method === "tasks/cancel") {
      if (task.terminal) return jsonRpcError(id, ERROR_CODES.invalidParams, `cannot cancel task ${task.taskId}: it is ${task.status} already`);
      this.update(task, "cancelled", "cancelled by the client");
      task.cancelRun("the client cancelled the task");
    }
    const ids = { ...(task.a2aTaskId ? { taskId: task.a2aTaskId } : {}), ...(task.a2aContextId ? { contextId: task.a2aContextId } : {}) };
    return { result: { ...task.view(), ...(ids.taskId ? { _meta: { [A2A_RESULT_META_KEY]: ids } } : {}) } };
  }

  /** The task tasks/result asks for, or the error to answer (an unknown id is invalid params). */
  find(id: JsonRpcId, params: Record<string, unknown>): ToolTask | JsonRpcErrorBody {
    const taskId = params.taskId;
    const task = typeof taskId === "string" ? this.tasks.get(taskId) : undefined;
    if (task) return task;
    return jsonRpcError(id, ERROR_CODES.invalidParams, typeof taskId === "string" ? `no task ${JSON.stringify(taskId.slice(0, 80))} in this session: it never existed here, or its ttl ran out` : "params.taskId is required: the id tools/call returned in its task");
  }

  /** The session is over: running tasks stop (their A2A tasks are canceled) and all are dropped. */
  close(): void {
    for (const task of this.tasks.values()) {
      clearTimeout(task.expiry);
      if (!task.terminal) task.cancelRun("the session has ended");
    }
    this.tasks.clear();
  }

  private forget(task: ToolTask): void {
    clearTimeout(task.expiry);
    this.tasks.delete(task.taskId);
  }
}

function firstText(result: McpToolResult): string | undefined {
  const first = result.content?.find((item): item is { type: "text"; text: string } => (item as { type?: unknown }).type === "text");
  return first?.text.slice(0, 500);
}
