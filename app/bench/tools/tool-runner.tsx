"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { type Draft, draftFromValue, fits, initialDraft } from "../../../server/bench/forms/form-draft.ts";
import { draftToValue } from "../../../server/bench/forms/form-value.ts";
import { formFromSchema } from "../../../server/bench/forms/schema-to-form.ts";
import { validateWithSchema } from "../../../server/bench/results/schema-validator.ts";
import { taskBoardFor, toolTaskSupport } from "../../../server/bench/tasks/task-board.ts";
import { type CallOutcome, callTool } from "../../../server/bench/tools/call-tool.ts";
import type { BenchTool } from "../../../server/bench/tools/read-tools.ts";
import { TaskCard } from "../tasks/task-card.tsx";
import { AnnotationBadges } from "./annotation-badges.tsx";
import { LazyJsonEditor } from "../monaco/lazy-editor.tsx";
import { OutcomeView } from "./outcome-view.tsx";
import { SchemaForm } from "./schema-form.tsx";
import { SchemaWarning } from "./schema-warning.tsx";

type Args = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * One tool: what it declares, its arguments (form or raw JSON), the call and what came back.
 * `tasks`: the server runs tools/call as 2025-11-25 tasks (and whether it can cancel them).
 */
export function ToolRunner({ client, tool, tasks }: { client: Client; tool: BenchTool; tasks?: { cancel: boolean } }) {
  const idPrefix = useId().replace(/[^A-Za-z0-9-]/g, "");
  const form = useMemo(() => formFromSchema(tool.inputSchema ?? { type: "object" }), [tool.inputSchema]);
  const [mode, setMode] = useState<"form" | "json">(form.kind === "object" ? "form" : "json");
  const [draft, setDraft] = useState<Draft>(() => initialDraft(form));
  const [raw, setRaw] = useState(() => JSON.stringify(draftToValue(form, initialDraft(form)).value ?? {}, null, 2));
  const [switchProblem, setSwitchProblem] = useState<string | null>(null);
  const [timeoutSeconds, setTimeoutSeconds] = useState("60");
  const [running, setRunning] = useState<{ abort: AbortController; started: number; progress?: Progress } | null>(null);
  const [outcome, setOutcome] = useState<{ outcome: CallOutcome; args: unknown } | null>(null);
  const taskSupport = toolTaskSupport(tool.raw);
  const offersTask = tasks !== undefined && taskSupport !== "forbidden";
  const [asTask, setAsTask] = useState(taskSupport === "required");
  const [task, setTask] = useState<{ starting: true } | { taskId: string } | { problem: string } | null>(null);

  const formValue = useMemo(() => draftToValue(form, draft), [form, draft]);
  const errors = useMemo(() => new Map(formValue.errors.map((e) => [e.path, e.message])), [formValue]);
  const args: Args = useMemo(() => {
    if (mode === "form") return formValue.errors.length ? { ok: false, message: `fix ${formValue.errors.length === 1 ? "the field" : `${formValue.errors.length} fields`} marked above` } : { ok: true, value: formValue.value ?? {} };
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch (error) {
      return { ok: false, message: `the arguments are not valid JSON: ${(error as Error).message}` };
    }
  }, [mode, formValue, raw]);
  const isObject = args.ok && typeof args.value === "object" && args.value !== null && !Array.isArray(args.value);
  const inputCheck = useMemo(() => (args.ok && isObject && tool.inputSchema !== undefined ? validateWithSchema(tool.inputSchema, args.value) : undefined), [args, isObject, tool.inputSchema]);

  const toJson = () => {
    setRaw(JSON.stringify(formValue.value ?? {}, null, 2));
    setSwitchProblem(null);
    setMode("json");
  };
  const toForm = (force = false) => {
    if (!args.ok) return setSwitchProblem(args.message);
    if (!force && !fits(form, args.value)) return setSwitchProblem("this JSON has values the form cannot show as they are (keys outside the schema, or other types): switching would change them");
    setDraft(draftFromValue(form, args.value));
    setSwitchProblem(null);
    setMode("form");
  };

  const startTask = async (value: Record<string, unknown>) => {
    setTask({ starting: true });
    setOutcome(null);
    try {
      setTask({ taskId: (await taskBoardFor(client).startTool(tool.name, value)).taskId });
    } catch (error) {
      setTask({ problem: `tools/call as a task failed: ${error instanceof Error ? error.message.replace(/^MCP error -?\d+: /, "") : String(error)}` });
    }
  };

  const call = async () => {
    if (!args.ok || !isObject || running) return;
    if (offersTask && asTask) return startTask(args.value as Record<string, unknown>);
    setTask(null);
    const abort = new AbortController();
    const seconds = Number(timeoutSeconds);
    setRunning({ abort, started: performance.now() });
    const result = await callTool(client, tool, args.value, {
      signal: abort.signal,
      timeoutMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000,
      onprogress: (progress) => setRunning((r) => (r ? { ...r, progress } : r)),
    });
    setRunning(null);
    setOutcome({ outcome: result, args: args.value });
  };
  const callRef = useRef(call);
  callRef.current = call;

  return (
    <article className="tool-runner" aria-label={`Tool ${tool.name}`}>
      <header className="tool-head">
        <h3 className="mono">{tool.name}</h3>
        {tool.title ? <span className="tool-title">{tool.title}</span> : null}
        <AnnotationBadges annotations={tool.annotations} />
      </header>
      {tool.description ? <p className="tool-description">{tool.description}</p> : null}
      {tool.problems.length ? (
        <div className="notice tool-problems" role="note">
          <strong>This tool’s definition has problems</strong> (it can still be called):
          <ul>
            {tool.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="args-head">
        <h4>Arguments</h4>
        <div className="segmented" role="group" aria-label="Edit arguments as">
          <button type="button" aria-pressed={mode === "form"} onClick={() => (mode === "json" ? toForm() : undefined)} disabled={form.kind !== "object"} title={form.kind !== "object" ? "this schema has no form: edit it as JSON" : undefined}>
            Form
          </button>
          <button type="button" aria-pressed={mode === "json"} onClick={() => (mode === "form" ? toJson() : undefined)}>
            JSON
          </button>
        </div>
      </div>
      {switchProblem ? (
        <p className="notice small-print" role="status">
          Staying in JSON: {switchProblem}.{" "}
          {args.ok ? (
            <button type="button" className="link" onClick={() => toForm(true)}>
              Switch anyway
            </button>
          ) : null}
        </p>
      ) : null}
      <div
        className="args"
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void callRef.current();
          }
        }}
      >
        {mode === "form" ? (
          <SchemaForm field={form} draft={draft} onChange={setDraft} idPrefix={`${idPrefix}-${tool.name}`} errors={errors} />
        ) : (
          <LazyJsonEditor value={raw} onChange={setRaw} schema={tool.inputSchema} height={200} onSubmit={() => void callRef.current()} label={`Arguments for ${tool.name} as JSON`} />
        )}
      </div>
      <SchemaWarning
        check={inputCheck}
        badSchema={(reason) => <>The tool’s inputSchema does not compile, so arguments cannot be checked: {reason}</>}
        issues="Not what the inputSchema asks for (you can still send it, to see how the server copes):"
        root="(arguments)"
      />

      <div className="call-bar">
        <button type="button" onClick={() => void call()} disabled={!args.ok || !isObject || running !== null || (task !== null && "starting" in task)}>
          {running ? "Calling…" : offersTask && asTask ? "Start task" : "Call tool"}
        </button>
        {offersTask ? (
          <label className="run-as-task" title={taskSupport === "required" ? "this tool runs only as a task (execution.taskSupport: required)" : "tools/call with a task: the server answers at once with a task to follow"}>
            <input type="checkbox" checked={asTask} disabled={taskSupport === "required"} onChange={(e) => setAsTask(e.target.checked)} />
            Run as task
          </label>
        ) : null}
        <span className="muted small-print">Ctrl+Enter</span>
        {running ? (
          <button type="button" className="danger small" onClick={() => running.abort.abort()}>
            Cancel
          </button>
        ) : null}
        <label className="timeout" htmlFor={`${idPrefix}-timeout`}>
          Timeout
          <input id={`${idPrefix}-timeout`} className="narrow-input mono" value={timeoutSeconds} onChange={(e) => setTimeoutSeconds(e.target.value)} inputMode="numeric" />s
          <span className="muted small-print">reset by progress</span>
        </label>
        {!args.ok ? <span className="error small-print">{args.message}</span> : !isObject ? <span className="error small-print">tool arguments must be a JSON object</span> : null}
      </div>
      {running ? <RunningView started={running.started} progress={running.progress} /> : null}
      {outcome && !running ? <OutcomeView outcome={outcome.outcome} /> : null}
      {task && "problem" in task ? (
        <p className="error" role="alert">
          {task.problem}
        </p>
      ) : null}
      {task && "taskId" in task ? <TaskCard client={client} taskId={task.taskId} canCancel={tasks?.cancel ?? false} /> : null}
    </article>
  );
}

function RunningView({ started, progress }: { started: number; progress?: Progress }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const fraction = progress?.total ? Math.min(1, progress.progress / progress.total) : undefined;
  return (
    <div className="running" role="status" aria-live="polite">
      <progress max={1} value={fraction} aria-label="Progress" />
      <span className="mono small-print">
        {((now - started) / 1000).toFixed(1)} s
        {progress ? ` · ${progress.progress}${progress.total ? ` / ${progress.total}` : ""}` : ""}
        {progress?.message ? ` · ${progress.message}` : ""}
      </span>
    </div>
  );
}
