import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CancelTaskResultSchema,
  CreateTaskResultSchema,
  GetTaskPayloadResultSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  type ServerCapabilities,
  type Task,
  TaskStatusNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

/** A task as the bench shows it: the server's last word on it, and its result once fetched. */
export interface TaskEntry {
  task: Task;
  /** The tool it runs, when it was started from this page. */
  tool?: string;
  following: boolean;
  result?: { status: "fetching" } | { status: "done"; value: Record<string, unknown> } | { status: "failed"; message: string };
  problem?: string;
}

export const TERMINAL_STATUSES: ReadonlySet<Task["status"]> = new Set(["completed", "failed", "cancelled"]);

/** Polling bounds: the server's pollInterval, kept between these. */
const MIN_POLL_MS = 250;
const MAX_POLL_MS = 5_000;
const DEFAULT_POLL_MS = 1_000;

/** Whether the server runs tools/call as tasks (2025-11-25 `tasks.requests.tools.call`). */
export function runsToolTasks(capabilities: ServerCapabilities | undefined): boolean {
  return (capabilities as { tasks?: { requests?: { tools?: { call?: unknown } } } } | undefined)?.tasks?.requests?.tools?.call !== undefined;
}

/** A tool's `execution.taskSupport` (2025-11-25); a tool that says nothing cannot run as a task. */
export function toolTaskSupport(rawTool: unknown): "forbidden" | "optional" | "required" {
  const support = (rawTool as { execution?: { taskSupport?: unknown } } | null)?.execution?.taskSupport;
  return support === "optional" || support === "required" ? support : "forbidden";
}

export function pollDelay(task: Task): number {
  const asked = (task as { pollInterval?: unknown }).pollInterval;
  return typeof asked === "number" && Number.isFinite(asked) ? Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, asked)) : DEFAULT_POLL_MS;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/^MCP error -?\d+: /, "");

/**
 * The tasks of one connection (2025-11-25): those listed by tasks/list and those started here,
 * each followed by polling tasks/get (and by notifications/tasks/status when the server sends
 * them) until it ends; results fetched with tasks/result; cancelled with tasks/cancel. A small
 * store that React reads through useSyncExternalStore.
 */
export class TaskBoard {
  private entries = new Map<string, TaskEntry>();
  private view: readonly TaskEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly client: Client,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
      const { _meta: _ignored, ...task } = notification.params;
      this.update(task.taskId, { task: task as Task });
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Newest first; a new array on each change. */
  snapshot = (): readonly TaskEntry[] => this.view;

  /** Starts a tool as a task and follows it; resolves with the task the server created. */
  async startTool(name: string, args: Record<string, unknown>, ttlMs?: number): Promise<Task> {
    const { task } = await this.client.request({ method: "tools/call", params: { name, arguments: args } }, CreateTaskResultSchema, { task: ttlMs === undefined ? {} : { ttl: ttlMs } });
    this.update(task.taskId, { task, tool: name });
    void this.follow(task.taskId);
    return task;
  }

  /** tasks/list (every page); tasks not seen before join the board, known ones are updated. */
  async refresh(): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.client.request({ method: "tasks/list", params: cursor ? { cursor } : {} }, ListTasksResultSchema);
      for (const task of page.tasks) this.update(task.taskId, { task });
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Polls tasks/get until the task ends (or the board is closed), then fetches its result. */
  async follow(taskId: string): Promise<void> {
    const entry = this.entries.get(taskId);
    if (!entry || entry.following) return;
    this.update(taskId, { following: true });
    try {
      for (;;) {
        const { task: current, result } = this.entries.get(taskId)!;
        if (TERMINAL_STATUSES.has(current.status) || this.disposed) break;
        // The server's question (elicitation, sampling) comes on the tasks/result stream, which the client answers.
        if (current.status === "input_required" && !result) void this.fetchResult(taskId);
        await this.sleep(pollDelay(current));
        if (this.disposed) break;
        const { _meta: _ignored, ...task } = await this.client.request({ method: "tasks/get", params: { taskId } }, GetTaskResultSchema);
        this.update(taskId, { task: task as Task });
      }
    } catch (error) {
      this.update(taskId, { problem: `tasks/get failed: ${message(error)}` });
    } finally {
      this.update(taskId, { following: false });
    }
    const ended = this.entries.get(taskId)!;
    if ((ended.task.status === "completed" || ended.task.status === "failed") && (!ended.result || ended.result.status === "failed")) await this.fetchResult(taskId);
  }

  /** tasks/result: the answer the task's request would have had (it waits while the task runs). */
  async fetchResult(taskId: string): Promise<void> {
    this.update(taskId, { result: { status: "fetching" } });
    try {
      const value = await this.client.request({ method: "tasks/result", params: { taskId } }, GetTaskPayloadResultSchema);
      this.update(taskId, { result: { status: "done", value } });
    } catch (error) {
      this.update(taskId, { result: { status: "failed", message: `tasks/result failed: ${message(error)}` } });
    }
  }

  async cancel(taskId: string): Promise<void> {
    try {
      const { _meta: _ignored, ...task } = await this.client.request({ method: "tasks/cancel", params: { taskId } }, CancelTaskResultSchema);
      this.update(taskId, { task: task as Task, problem: undefined });
    } catch (error) {
      this.update(taskId, { problem: `tasks/cancel failed: ${message(error)}` });
    }
  }

  /** Stops following; the connection is going away. */
  close(): void {
    this.disposed = true;
    this.client.removeNotificationHandler("notifications/tasks/status");
  }

  private update(taskId: string, change: Partial<TaskEntry>): void {
    const before = this.entries.get(taskId);
    if (!before && !change.task) return;
    this.entries.set(taskId, { following: false, ...before, ...change } as TaskEntry);
    this.view = [...this.entries.values()].sort((a, b) => b.task.createdAt.localeCompare(a.task.createdAt));
    for (const listener of this.listeners) listener();
  }
}

const boards = new WeakMap<Client, TaskBoard>();

/** The one board of a connection's client, shared by the tool runner and the Tasks panel. */
export function taskBoardFor(client: Client): TaskBoard {
  let board = boards.get(client);
  if (!board) {
    board = new TaskBoard(client);
    boards.set(client, board);
  }
  return board;
}
