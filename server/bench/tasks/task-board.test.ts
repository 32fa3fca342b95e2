/**
 * The task board and completions against a real @modelcontextprotocol/server-everything over
 * stdio, which runs `simulate-research-query` as a 2025-11-25 task and completes prompt and
 * resource template arguments.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Task } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../runner/test-support/eventually.ts";
import { completeArgument, completionContext } from "../features/completions.ts";
import { connectEverything } from "../test-support/everything-stdio.ts";
import { TaskBoard, pollDelay, runsToolTasks, toolTaskSupport } from "./task-board.ts";

let client: Client;

beforeAll(async () => {
  client = await connectEverything();
}, 30_000);
afterAll(() => client?.close());

describe("TaskBoard", () => {
  it("sees that the server runs tools/call as tasks", () => {
    expect(runsToolTasks(client.getServerCapabilities())).toBe(true);
    expect(runsToolTasks({ tools: {} })).toBe(false);
  });

  it("reads which tools may run as tasks", async () => {
    const { tools } = await client.listTools();
    expect(toolTaskSupport(tools.find((t) => t.name === "simulate-research-query"))).not.toBe("forbidden");
    expect(toolTaskSupport(tools.find((t) => t.name === "echo"))).toBe("forbidden");
  });

  it("starts a tool as a task, follows it to completed and fetches its result", async () => {
    const board = new TaskBoard(client);
    const task = await board.startTool("simulate-research-query", { topic: "tides" });
    expect(task.status).toBe("working");
    await eventually("the task completes and its result arrives", 20_000, () => board.snapshot().find((e) => e.task.taskId === task.taskId)?.result?.status === "done");
    const entry = board.snapshot().find((e) => e.task.taskId === task.taskId)!;
    expect(entry.task.status).toBe("completed");
    expect(entry.tool).toBe("simulate-research-query");
    expect(JSON.stringify(entry.result)).toContain("tides");
    board.close();
  }, 30_000);

  it("lists tasks and cancels a running one", async () => {
    const board = new TaskBoard(client);
    const task = await board.startTool("simulate-research-query", { topic: "cancel me" });
    const fresh = new TaskBoard(client);
    await fresh.refresh();
    expect(fresh.snapshot().map((e) => e.task.taskId)).toContain(task.taskId);
    await fresh.cancel(task.taskId);
    expect(fresh.snapshot().find((e) => e.task.taskId === task.taskId)!.task.status).toBe("cancelled");
    await eventually("the first board sees the cancellation", 10_000, () => board.snapshot().find((e) => e.task.taskId === task.taskId)?.task.status === "cancelled");
    board.close();
    fresh.close();
  }, 30_000);

  it("says why when the server refuses", async () => {
    const board = new TaskBoard(client);
    await board.refresh();
    const known = board.snapshot()[0]!.task;
    await board.cancel(known.taskId);
    await board.cancel(known.taskId);
    expect(board.snapshot().find((e) => e.task.taskId === known.taskId)!.problem).toMatch(/^tasks\/cancel failed: /);
    board.close();
  });

  it("polls at the server's interval, kept within bounds", () => {
    const task = { taskId: "t", status: "working", ttl: null, createdAt: "", lastUpdatedAt: "" } as Task;
    expect(pollDelay({ ...task, pollInterval: 2000 } as Task)).toBe(2000);
    expect(pollDelay({ ...task, pollInterval: 1 } as Task)).toBe(250);
    expect(pollDelay(task)).toBe(1000);
  });
});

describe("completions", () => {
  it("passes the filled arguments as context, and the server narrows by them", async () => {
    const ref = { type: "ref/prompt" as const, name: "completable-prompt" };
    expect(await completeArgument(client, { ref, argument: "department", value: "", values: {} })).toEqual({ values: ["Engineering", "Sales", "Marketing", "Support"], hasMore: false, total: 4 });
    const names = await completeArgument(client, { ref, argument: "name", value: "", values: { department: "Sales", name: "x" } });
    expect(names.values).toEqual(["David", "Eve", "Frank"]);
  });

  it("completes a resource template's variable", async () => {
    // The everything server's completer accepts positive whole numbers only.
    const ref = { type: "ref/resource" as const, uri: "demo://resource/dynamic/text/{resourceId}" };
    expect((await completeArgument(client, { ref, argument: "resourceId", value: "7", values: {} })).values).toEqual(["7"]);
    expect((await completeArgument(client, { ref, argument: "resourceId", value: "x", values: {} })).values).toEqual([]);
  });

  it("leaves out the argument being completed and the empty ones", () => {
    expect(completionContext({ department: "Sales", name: "Ev", note: "" }, "name")).toEqual({ department: "Sales" });
    expect(completionContext({ name: "Ev" }, "name")).toBeUndefined();
  });
});
