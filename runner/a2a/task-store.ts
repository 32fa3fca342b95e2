import { type ListTasksRequest, type ListTasksResponse, Task, TaskState } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import type { ServerCallContext, TaskStore } from "@a2a-js/sdk/server";
import { TERMINAL_STATES, stateName } from "./a2a-model.ts";

/** Whose tasks a request sees: one tenant's, on one deployment (one agent). */
export interface TaskScope {
  tenantId: string;
  /** The deployment's id; for a stored agent at /a2a/agents/<id>, the agent's (kept in a table of its own). */
  deploymentId: string;
}

/** What the gateway puts in each A2A request's ServerCallContext.state under SCOPE_KEY. */
export const SCOPE_KEY = "io.switchyard/a2a-scope";

export function scopeOf(context: ServerCallContext): TaskScope {
  const scope = context.state.get(SCOPE_KEY) as TaskScope | undefined;
  if (!scope) throw new Error("A2A request without a Switchyard scope: the gateway builds every context with one");
  return scope;
}

/** A task as stored: the columns queries filter on, and the task itself as A2A v1.0 JSON. */
export interface StoredTask {
  id: string;
  tenantId: string;
  deploymentId: string;
  contextId: string;
  /** `TASK_STATE_WORKING` and so on. */
  state: string;
  statusAt: Date;
  task: unknown;
}

export interface TaskListQuery extends TaskScope {
  contextId?: string;
  state?: string;
  statusAfter?: Date;
  pageSize: number;
  /** Where the previous page ended (newest first). */
  after?: { statusAt: Date; id: string };
}

/** Where tasks are kept (PostgreSQL or PGlite, server/a2a/task-repository.ts); every call is scoped. */
export interface A2aTaskRepository {
  /** Inserts or updates; a task id that exists under another tenant or deployment is refused. */
  save(task: StoredTask): Promise<void>;
  load(scope: TaskScope, id: string): Promise<unknown | null>;
  list(query: TaskListQuery): Promise<{ tasks: unknown[]; totalSize: number }>;
}

/** Messages a task keeps: its first (the request) and the newest ones; progress would grow it without end. */
const MAX_HISTORY = 50;

interface Live {
  scope: TaskScope;
  task: Task;
  storedState: TaskState | undefined;
  storedArtifacts: number;
}

/**
 * The @a2a-js/sdk TaskStore over the database. Tasks being worked on are kept in memory as well:
 * a progress update only changes the in-memory copy, while every change of state or of the
 * artifacts is written through — so GetTask and ListTasks survive a restart with each task's
 * last state, without a database write per progress notification. Finished tasks leave memory.
 */
export class DbTaskStore implements TaskStore {
  private readonly live = new Map<string, Live>();

  constructor(private readonly repository: A2aTaskRepository) {}

  async save(task: Task, context: ServerCallContext): Promise<void> {
    const scope = scopeOf(context);
    const known = this.live.get(task.id);
    if (known && !sameScope(known.scope, scope)) throw new Error(`task ${task.id} belongs to another scope`);
    const copy = structuredClone(task);
    if (copy.history.length > MAX_HISTORY) copy.history = [copy.history[0]!, ...copy.history.slice(-(MAX_HISTORY - 1))];
    const state = copy.status?.state;
    const write = !known || known.storedState !== state || known.storedArtifacts !== copy.artifacts.length;
    if (state !== undefined && TERMINAL_STATES.has(state)) this.live.delete(task.id);
    else this.live.set(task.id, { scope, task: copy, storedState: write ? state : known!.storedState, storedArtifacts: write ? copy.artifacts.length : known!.storedArtifacts });
    if (!write) return;
    await this.repository.save({
      id: copy.id,
      tenantId: scope.tenantId,
      deploymentId: scope.deploymentId,
      contextId: copy.contextId,
      state: stateName(state),
      statusAt: new Date(copy.status?.timestamp ?? Date.now()),
      task: Task.toJSON(copy),
    });
  }

  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    const scope = scopeOf(context);
    const known = this.live.get(taskId);
    if (known) return sameScope(known.scope, scope) ? structuredClone(known.task) : undefined;
    const stored = await this.repository.load(scope, taskId);
    return stored === null ? undefined : Task.fromJSON(stored);
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    const scope = scopeOf(context);
    const pageSize = params.pageSize ?? 50;
    const statusAfter = params.statusTimestampAfter ? new Date(params.statusTimestampAfter) : undefined;
    const after = params.pageToken ? decodePageToken(params.pageToken) : undefined;
    const state = params.status !== undefined && params.status !== TaskState.TASK_STATE_UNSPECIFIED ? stateName(params.status) : undefined;
    const page = await this.repository.list({ ...scope, contextId: params.contextId || undefined, state, statusAfter, pageSize: pageSize + 1, after });
    const tasks = page.tasks.slice(0, pageSize).map((stored) => {
      const task = Task.fromJSON(stored);
      // A task being worked on here may have news (progress) the database has not seen yet.
      const known = this.live.get(task.id);
      return known && sameScope(known.scope, scope) ? structuredClone(known.task) : task;
    });
    if (!params.includeArtifacts) for (const task of tasks) task.artifacts = [];
    const last = tasks.at(-1);
    const nextPageToken = page.tasks.length > pageSize && last ? encodePageToken(last) : "";
    return { tasks, nextPageToken, pageSize, totalSize: page.totalSize };
  }
}

function sameScope(a: TaskScope, b: TaskScope): boolean {
  return a.tenantId === b.tenantId && a.deploymentId === b.deploymentId;
}

function encodePageToken(task: Task): string {
  return Buffer.from(JSON.stringify({ t: task.status?.timestamp ?? "", id: task.id })).toString("base64url");
}

function decodePageToken(token: string): { statusAt: Date; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { t?: unknown; id?: unknown };
    const statusAt = new Date(String(parsed.t));
    if (typeof parsed.id === "string" && !Number.isNaN(statusAt.getTime())) return { statusAt, id: parsed.id };
  } catch {
    // Falls through to the error below.
  }
  throw new RequestMalformedError("pageToken is not one this agent issued: pass the nextPageToken of the previous ListTasks answer, or none for the first page");
}
