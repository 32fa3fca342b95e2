import { type Task, TaskState } from "@a2a-js/sdk";
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext, ResultManager, type ServerCallContext, type TaskStore } from "@a2a-js/sdk/server";
import type { UpstreamHandle } from "../protocol/upstream-handle.ts";
import { agentMessage, dataPart, status, statusUpdate, textPart } from "./a2a-model.ts";
import type { SkillRoute } from "./agent-card.ts";
import type { ScopedBusManager } from "./bus-manager.ts";
import type { Rendering } from "./rules.ts";
import { ToolRun } from "./tool-run.ts";

/** What the endpoint prepared for a message that starts a task: the tool, its arguments, a process. */
export interface PreparedCall {
  handle: UpstreamHandle;
  /** Set by the request handler once the message is read. */
  route?: SkillRoute;
  arguments?: Record<string, unknown>;
  rendering?: Rendering;
  /** Why the arguments do not fit the tool's schema; the task is then REJECTED. */
  problems?: string[];
  /** Taken by a run, which then gives the process back itself. */
  taken: boolean;
  /** Gives the process back (the endpoint's use of it ends). */
  release(): void;
  onCall(ms: number, failed: boolean, bytes: number): void;
}

export const PREPARED_KEY = "io.switchyard/a2a-prepared";

/** How long a task may wait for the client's input before its call is given up. */
const INPUT_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs each task's tool call (ToolRun) and keeps the runs of this gateway by task id, so the next
 * message on a task and CancelTask find its call. Tasks are A2A's; the runs are this gateway's:
 * a task whose gateway restarted keeps its last stored state and fails if it was waiting.
 */
export class McpToolExecutor implements AgentExecutor {
  private readonly runs = new Map<string, ToolRun>();
  /** Final states of runs no request was waiting on, being stored. */
  private readonly storing = new Set<Promise<void>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly store: TaskStore,
    private readonly buses: ScopedBusManager,
    private readonly inputTimeoutMs = INPUT_TIMEOUT_MS,
  ) {
    this.sweeper = setInterval(() => this.expire(), 5_000);
    this.sweeper.unref();
  }

  run(taskId: string): ToolRun | undefined {
    return this.runs.get(taskId);
  }

  get size(): number {
    return this.runs.size;
  }

  async execute(request: RequestContext, bus: ExecutionEventBus): Promise<void> {
    if (request.task) return this.followUp(request, request.task, bus);
    const prepared = request.context.state.get(PREPARED_KEY) as PreparedCall | undefined;
    if (!prepared?.route) throw new Error("a new A2A task reached the executor without a prepared tool call");
    const { route } = prepared;
    const task: Task = {
      id: request.taskId,
      contextId: request.contextId,
      status: status(TaskState.TASK_STATE_SUBMITTED),
      artifacts: [],
      history: [],
      metadata: { skillId: route.skillId, tool: route.tool.name },
    };
    bus.publish(AgentEvent.task(task));
    if (prepared.problems && prepared.problems.length > 0) {
      const message = agentMessage(task.id, task.contextId, [
        textPart(`the arguments do not fit skill "${route.skillId}" (tool ${route.tool.name}): ${prepared.problems.join("; ")}`),
        dataPart({ problems: prepared.problems, inputSchema: route.tool.inputSchema }),
      ]);
      bus.publish(AgentEvent.statusUpdate(statusUpdate(task.id, task.contextId, TaskState.TASK_STATE_REJECTED, message)));
      return;
    }
    prepared.taken = true;
    const context = request.context;
    const run = new ToolRun({
      taskId: task.id,
      contextId: task.contextId,
      route,
      arguments: prepared.arguments ?? {},
      rendering: prepared.rendering ?? "auto",
      handle: prepared.handle,
      onCall: prepared.onCall,
      ended: (ended) => {
        this.runs.delete(ended.taskId);
        prepared.release();
      },
      orphaned: (ended, endedBus, last) => {
        // No request's ResultManager is listening: the final state is stored here.
        const stored = new ResultManager(this.store, context).processEvent(last).catch(() => {});
        this.storing.add(stored);
        void stored.finally(() => this.storing.delete(stored));
        this.buses.settle(ended.taskId, context, endedBus);
      },
    });
    this.runs.set(task.id, run);
    await run.start(bus);
  }

  /** The next message on a task: the answer its call waits for, or — when the call is gone — the end. */
  private async followUp(request: RequestContext, task: Task, bus: ExecutionEventBus): Promise<void> {
    bus.publish(AgentEvent.task(task));
    const run = this.runs.get(task.id);
    if (run?.waitingForInput) return run.answer(request.userMessage, bus);
    const message = agentMessage(task.id, task.contextId, [textPart("the tool call that asked for this input is no longer running (its gateway restarted, or it ended): send a new message to start again")]);
    bus.publish(AgentEvent.statusUpdate(statusUpdate(task.id, task.contextId, TaskState.TASK_STATE_FAILED, message)));
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    const run = this.runs.get(taskId);
    if (run) return run.cancel("canceled by the A2A client");
    bus.publish(AgentEvent.statusUpdate(statusUpdate(taskId, "", TaskState.TASK_STATE_CANCELED)));
  }

  /** Every run ends now (the gateway shuts down); resolves once their final states are stored. */
  async close(reason: string): Promise<void> {
    clearInterval(this.sweeper);
    for (const run of [...this.runs.values()]) run.fail(reason);
    await Promise.all([...this.storing]);
  }

  private expire(now = Date.now()): void {
    for (const run of [...this.runs.values()]) {
      if (run.askedAt > 0 && now - run.askedAt > this.inputTimeoutMs) run.fail(`no input came within ${Math.round(this.inputTimeoutMs / 60_000)} minutes; the tool call was given up`);
    }
  }
}

export function preparedOf(context: ServerCallContext): PreparedCall | undefined {
  return context.state.get(PREPARED_KEY) as PreparedCall | undefined;
}
