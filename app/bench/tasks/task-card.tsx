"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useSyncExternalStore } from "react";
import { taskBoardFor } from "../../../server/bench/tasks/task-board.ts";
import { TaskRow } from "./tasks-panel.tsx";

/** One task started from the tool runner, followed in place (the Tasks tab lists it too). */
export function TaskCard({ client, taskId, canCancel }: { client: Client; taskId: string; canCancel: boolean }) {
  const board = taskBoardFor(client);
  const entries = useSyncExternalStore(board.subscribe, board.snapshot, board.snapshot);
  const entry = entries.find((e) => e.task.taskId === taskId);
  if (!entry) return null;
  return (
    <ul className="task-list" aria-label="Task">
      <TaskRow entry={entry} canCancel={canCancel} onFollow={() => void board.follow(taskId)} onResult={() => void board.fetchResult(taskId)} onCancel={() => void board.cancel(taskId)} />
    </ul>
  );
}
