"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type LocalCommand, argsFromLines, localCommandSchema } from "../../../server/bench/local-command/local-command-spec.ts";
import { BENCH_REVISIONS, type TransportKind } from "../../../server/bench/session/connection-spec.ts";
import { useTRPC } from "../../_trpc/client.ts";
import type { TabOpen } from "../tab-strip.tsx";
import { ProtocolChoice } from "./protocol-choice.tsx";

export interface EnvRow {
  name: string;
  value: string;
}

/** What the form holds; the import panel fills it from an mcp.json entry. */
export interface LocalFormValue {
  command: string;
  argsText: string;
  env: EnvRow[];
  cwd: string;
}

export const EMPTY_LOCAL: LocalFormValue = { command: "", argsText: "", env: [{ name: "", value: "" }], cwd: "" };

type Failure = { message: string; stderrTail: string[] };

/**
 * A stdio command started on this machine by the local agent (in its sandbox), then reached
 * through the gateway like a hosted deployment. Environment values are secrets: sent once to
 * start the process, never shown back nor kept in this page.
 */
export function LocalForm({ initial, onOpen }: { initial?: LocalFormValue; onOpen: (tab: TabOpen) => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<LocalFormValue>(initial ?? EMPTY_LOCAL);
  const [revision, setRevision] = useState(BENCH_REVISIONS[0]!);
  const [transport, setTransport] = useState<TransportKind>("streamable-http");
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const start = useMutation(trpc.bench.startCommand.mutationOptions());
  const set = (change: Partial<LocalFormValue>) => {
    setForm((f) => ({ ...f, ...change }));
    setProblem(null);
  };
  const setRow = (index: number, change: Partial<EnvRow>) => set({ env: form.env.map((row, i) => (i === index ? { ...row, ...change } : row)) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const rows = form.env.filter((row) => row.name.trim() !== "" || row.value !== "");
    const parsed = localCommandSchema.safeParse({
      command: form.command,
      args: argsFromLines(form.argsText),
      env: Object.fromEntries(rows.map((row) => [row.name.trim(), row.value])),
      cwd: form.cwd.trim() || undefined,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".");
      return setProblem({ field, message: `${field}: ${issue.message}` });
    }
    const command: LocalCommand = parsed.data;
    start.mutate(command, {
      onSuccess: (started) =>
        onOpen({
          kind: "local",
          deployment: started.deployment,
          label: started.commandLine,
          command: { command: command.command, args: command.args, envNames: Object.keys(command.env), ...(command.cwd ? { cwd: command.cwd } : {}) },
          revision,
          transport,
        }),
      onError: (error) => {
        const details = (error.data as { details?: { commandFailure?: Failure } } | undefined)?.details;
        setFailure(details?.commandFailure ? { message: error.message, stderrTail: details.commandFailure.stderrTail } : { message: error.message, stderrTail: [] });
      },
    });
  };

  return (
    <form className="remote-form" onSubmit={submit} aria-label="Start a local stdio command" noValidate>
      <label htmlFor="local-command">
        Command
        <input id="local-command" className="wide mono" value={form.command} onChange={(e) => set({ command: e.target.value })} placeholder="node" aria-invalid={problem?.field === "command"} autoComplete="off" spellCheck={false} />
      </label>
      <label htmlFor="local-args">
        Arguments <span className="muted">(one per line)</span>
        <textarea id="local-args" className="mono" rows={3} value={form.argsText} onChange={(e) => set({ argsText: e.target.value })} placeholder={"/path/to/server.js\n--stdio"} aria-invalid={problem?.field.startsWith("args") ?? false} spellCheck={false} />
      </label>
      <fieldset className="headers">
        <legend>Environment <span className="muted">(values are secrets: sent once, never shown again)</span></legend>
        {form.env.map((row, index) => (
          <div className="env-row" key={index}>
            <input className="mono" value={row.name} onChange={(e) => setRow(index, { name: e.target.value })} placeholder="API_TOKEN" aria-label={`Variable ${index + 1} name`} aria-invalid={problem?.field === `env.${row.name.trim()}`} />
            <input className="mono" type="password" value={row.value} onChange={(e) => setRow(index, { value: e.target.value })} placeholder="value" aria-label={`Variable ${index + 1} value`} autoComplete="off" />
            <button type="button" className="icon" aria-label={`Remove variable ${index + 1}`} onClick={() => set({ env: form.env.filter((_, i) => i !== index) })}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ env: [...form.env, { name: "", value: "" }] })}>
          + Add variable
        </button>
      </fieldset>
      <label htmlFor="local-cwd">
        Working directory <span className="muted">(optional, absolute)</span>
        <input id="local-cwd" className="wide mono" value={form.cwd} onChange={(e) => set({ cwd: e.target.value })} placeholder="/home/me/my-server" aria-invalid={problem?.field === "cwd"} autoComplete="off" spellCheck={false} />
      </label>
      <ProtocolChoice idPrefix="local" revision={revision} transport={transport} onRevision={setRevision} onTransport={setTransport} />
      {problem ? (
        <p className="error" role="alert">
          {problem.message}
        </p>
      ) : null}
      {failure ? (
        <div className="command-failure" role="alert">
          <p className="error">{failure.message}</p>
          {failure.stderrTail.length > 0 ? (
            <>
              <p className="muted small-print">Last lines on stderr:</p>
              <pre className="stderr-tail">{failure.stderrTail.join("\n")}</pre>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="form-foot">
        <button type="submit" disabled={start.isPending}>
          {start.isPending ? "Starting…" : "Start and connect"}
        </button>
        <span className="muted small-print">Started by the local agent in its sandbox, reached through the gateway with your bench key.</span>
      </div>
    </form>
  );
}
