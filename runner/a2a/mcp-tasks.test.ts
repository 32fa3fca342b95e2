import { TaskState } from "@a2a-js/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Message } from "../agent/session-mux.ts";
import { SessionTasks, type ToolTask } from "./mcp-tasks.ts";

function board() {
  const sent: Message[] = [];
  return { tasks: new SessionTasks((message) => sent.push(message)), sent };
}

function created(tasks: SessionTasks, requested?: unknown): ToolTask {
  const task = tasks.create(1, requested);
  if (!("taskId" in task)) throw new Error("no task");
  return task;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("SessionTasks", () => {
  it("takes the client's ttl up to an hour, ten minutes without one", () => {
    const { tasks } = board();
    expect(created(tasks, { ttl: 5_000 }).ttl).toBe(5_000);
    expect(created(tasks, { ttl: 10 * 3_600_000 }).ttl).toBe(3_600_000);
    expect(created(tasks, {}).ttl).toBe(600_000);
  });

  it("follows A2A states, notifying each change once, and ends by the call's result", () => {
    const { tasks, sent } = board();
    const task = created(tasks);
    tasks.observe(task, TaskState.TASK_STATE_SUBMITTED, undefined, { taskId: "a2a-1", contextId: "c-1" });
    tasks.observe(task, TaskState.TASK_STATE_WORKING, "step 1", {});
    tasks.observe(task, TaskState.TASK_STATE_WORKING, "step 1", {});
    tasks.observe(task, TaskState.TASK_STATE_INPUT_REQUIRED, "your name?", {});
    expect(sent.map((m) => [m.method, m.params?.status, m.params?.statusMessage])).toEqual([
      ["notifications/tasks/status", "working", "step 1"],
      ["notifications/tasks/status", "input_required", "your name?"],
    ]);
    tasks.finish(task, { content: [{ type: "text", text: "boom" }], isError: true });
    expect(task.status).toBe("failed");
    expect(tasks.answer(2, "tasks/get", { taskId: task.taskId })).toMatchObject({ result: { status: "failed", statusMessage: "boom", _meta: { "io.switchyard/a2a": { taskId: "a2a-1", contextId: "c-1" } } } });
    const cancelledAtAgent = created(tasks);
    tasks.observe(cancelledAtAgent, TaskState.TASK_STATE_CANCELED, "canceled", {});
    tasks.finish(cancelledAtAgent, { content: [], isError: true });
    expect(cancelledAtAgent.status).toBe("cancelled");
  });

  it("cancels a running task once; an ended or unknown one is invalid params", () => {
    const { tasks } = board();
    const task = created(tasks);
    const cancelRun = vi.fn();
    task.cancelRun = cancelRun;
    expect(tasks.answer(2, "tasks/cancel", { taskId: task.taskId })).toMatchObject({ result: { status: "cancelled" } });
    expect(cancelRun).toHaveBeenCalledOnce();
    tasks.finish(task, { content: [{ type: "text", text: "cancelled: by the client" }], isError: true });
    expect(task.status).toBe("cancelled");
    expect(tasks.answer(3, "tasks/cancel", { taskId: task.taskId })).toMatchObject({ error: { code: -32602 } });
    expect(tasks.answer(4, "tasks/get", { taskId: "nope" })).toMatchObject({ error: { code: -32602 } });
    expect(tasks.answer(5, "tasks/get", {})).toMatchObject({ error: { code: -32602, message: expect.stringContaining("params.taskId is required") } });
  });

  it("resolves waiters with the result tagged with the task, and forgets the task when its ttl runs out", async () => {
    vi.useFakeTimers();
    const { tasks } = board();
    const task = created(tasks, { ttl: 1_000 });
    const waiting = task.wait();
    tasks.finish(task, { content: [{ type: "text", text: "done" }] });
    expect(await waiting).toMatchObject({ content: [{ text: "done" }], _meta: { "io.modelcontextprotocol/related-task": { taskId: task.taskId } } });
    expect(tasks.answer(2, "tasks/list", {})).toMatchObject({ result: { tasks: [{ taskId: task.taskId, status: "completed" }] } });
    vi.advanceTimersByTime(1_001);
    expect(tasks.answer(3, "tasks/list", {})).toEqual({ result: { tasks: [] } });
  });

  it("holds at most 100 tasks: a finished one makes room, unfinished ones refuse the next", () => {
    const { tasks } = board();
    const first = created(tasks);
    for (let i = 1; i < 100; i++) created(tasks);
    tasks.finish(first, { content: [] });
    created(tasks);
    expect(tasks.answer(2, "tasks/get", { taskId: first.taskId })).toMatchObject({ error: { code: -32602 } });
    expect(tasks.create(3, {})).toMatchObject({ error: { code: -32001, message: expect.stringContaining("100 unfinished tasks") } });
  });

  it("stops running tasks when the session ends", () => {
    const { tasks } = board();
    const task = created(tasks);
    const cancelRun = vi.fn();
    task.cancelRun = cancelRun;
    tasks.close();
    expect(cancelRun).toHaveBeenCalledWith("the session has ended");
    expect(tasks.answer(2, "tasks/list", {})).toEqual({ result: { tasks: [] } });
  });
});
