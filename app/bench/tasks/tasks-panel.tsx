"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { TERMINAL_STATUSES, type TaskEntry, taskBoardFor } from "../../../server/bench/tasks/task-board.ts";
import { ContentBlock } from "../tools/content-block.tsx";
import "../protocol.css";

const clock = (iso: string) => {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString(undefined, { hour12: false });
};

/** The connection's tasks (2025-11-25): listed, followed until they end, their results, cancelling. */
export function TasksPanel({ client, canList, canCancel }: { client: Client; canList: boolean; canCancel: boolean }) {
  const board = taskBoardFor(client);
  const entries = useSyncExternalStore(board.subscribe, board.snapshot, board.snapshot);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(() => {
    setProblem(null);
    board.refresh().catch((error: unknown) => setProblem(`tasks/list failed: ${error instanceof Error ? error.message : String(error)}`));
  }, [board]);
  useEffect(() => {
    if (canList) refresh();
  }, [refresh, canList]);

  return (
    <section className="tasks-panel" aria-label="Tasks">
      <div className="tool-list-head">
        <span>
          <strong>{entries.length}</strong> task{entries.length === 1 ? "" : "s"} · run a tool as a task from the Tools tab
        </span>
        {canList ? (
          <button type="button" className="link" onClick={refresh}>
            Refresh (tasks/list)
          </button>
        ) : (
          <span className="muted small-print">the server does not declare tasks.list: only tasks started here are shown</span>
        )}
      </div>
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      {entries.length === 0 ? <p className="empty">No tasks yet.</p> : null}
      <ul className="task-list">
        {entries.map((entry) => (
          <TaskRow key={entry.task.taskId} entry={entry} canCancel={canCancel} onFollow={() => void board.follow(entry.task.taskId)} onResult={() => void board.fetchResult(entry.task.taskId)} onCancel={() => void board.cancel(entry.task.taskId)} />
        ))}
      </ul>
    </section>
  );
}

export function TaskRow({ entry, canCancel, onFollow, onResult, onCancel }: { entry: TaskEntry; canCancel: boolean; onFollow: () => void; onResult: () => void; onCancel: () => void }) {
  const { task } = entry;
  const ended = TERMINAL_STATUSES.has(task.status);
  return (
    <li className="task-row" data-task={task.taskId} data-status={task.status}>
      <div className="task-head">
        <span className={`chip task-status status-${task.status}`}>{task.status.replace("_", " ")}</span>
        <code className="small-print" title={task.taskId}>
          {task.taskId.length > 18 ? `${task.taskId.slice(0, 17)}…` : task.taskId}
        </code>
        {entry.tool ? <span className="mono small-print">{entry.tool}</span> : null}
        <span className="muted small-print">
          created {clock(task.createdAt)} · updated {clock(task.lastUpdatedAt)}
          {task.ttl !== null ? ` · kept ${Math.round(task.ttl / 1000)} s` : ""}
        </span>
        <span className="task-actions">
          {entry.following ? <span className="muted small-print">following…</span> : null}
          {!ended && !entry.following ? (
            <button type="button" className="link" onClick={onFollow}>
              Follow
            </button>
          ) : null}
          {task.status !== "cancelled" && entry.result?.status !== "fetching" ? (
            <button type="button" className="link" onClick={onResult} title={ended ? undefined : "tasks/result waits until the task ends"}>
              Get result
            </button>
          ) : null}
          {!ended && canCancel ? (
            <button type="button" className="danger small" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </span>
      </div>
      {task.statusMessage ? <p className="task-message">{task.statusMessage}</p> : null}
      {entry.problem ? (
        <p className="error small-print" role="alert">
          {entry.problem}
        </p>
      ) : null}
      <TaskResult result={entry.result} />
    </li>
  );
}

function TaskResult({ result }: { result: TaskEntry["result"] }) {
  if (!result) return null;
  if (result.status === "fetching") return <p className="muted small-print">tasks/result: waiting for the task to end…</p>;
  if (result.status === "failed") {
    return (
      <p className="error small-print" role="alert">
        {result.message}
      </p>
    );
  }
  const content = Array.isArray(result.value.content) ? result.value.content : null;
  return (
    <section className={`outcome${result.value.isError === true ? " outcome-error" : ""}`} aria-label="Task result" data-testid="task-result">
      <div className="outcome-head">
        <strong>{result.value.isError === true ? "Result (isError)" : "Result"}</strong>
      </div>
      {content ? (
        <div className="content-blocks">
          {content.map((block, index) => (
            <ContentBlock key={index} block={block} />
          ))}
        </div>
      ) : (
        <pre className="small-print">{JSON.stringify(result.value, null, 2)}</pre>
      )}
    </section>
  );
}
