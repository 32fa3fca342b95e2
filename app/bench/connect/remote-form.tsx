"use client";
import { type FormEvent, useState } from "react";
import { BENCH_REVISIONS, type ConnectionSpec, type HeaderRow, type RemoteForm as RemoteFormValue, remoteSpec } from "../../../server/bench/session/connection-spec.ts";
import { ProtocolChoice } from "./protocol-choice.tsx";

const EMPTY_ROW: HeaderRow = { name: "", value: "", enabled: true };

/**
 * A remote server's URL, protocol, token and any number of custom headers; `initial` comes from
 * an imported mcp.json entry. Headers are kept across a page reload only if the user says so.
 */
export function RemoteForm({ onConnect, initial }: { onConnect: (spec: ConnectionSpec, remember: boolean) => void; initial?: Partial<RemoteFormValue> }) {
  const [form, setForm] = useState<RemoteFormValue>({ url: "", transport: "streamable-http", revision: BENCH_REVISIONS[0]!, bearer: "", headers: [{ ...EMPTY_ROW }], ...initial });
  const [remember, setRemember] = useState(false);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [showToken, setShowToken] = useState(false);
  const set = (change: Partial<RemoteFormValue>) => {
    setForm((f) => ({ ...f, ...change }));
    setProblem(null);
  };
  const setRow = (index: number, change: Partial<HeaderRow>) => set({ headers: form.headers.map((row, i) => (i === index ? { ...row, ...change } : row)) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = remoteSpec(form);
    if (!result.ok) return setProblem({ field: result.field, message: result.message });
    onConnect(result.spec, remember);
  };

  return (
    <form className="remote-form" onSubmit={submit} aria-label="Connect to a remote server" noValidate>
      <label htmlFor="remote-url">
        Server URL
        <input
          id="remote-url"
          className="wide mono"
          value={form.url}
          onChange={(e) => set({ url: e.target.value })}
          placeholder="https://example.com/mcp"
          aria-invalid={problem?.field === "url"}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <ProtocolChoice idPrefix="remote" revision={form.revision} transport={form.transport} onRevision={(revision) => set({ revision })} onTransport={(transport) => set({ transport })} />
      <label htmlFor="remote-bearer">
        Bearer token <span className="muted">(optional; sent as Authorization: Bearer …)</span>
        <span className="with-button">
          <input
            id="remote-bearer"
            className="wide mono"
            type={showToken ? "text" : "password"}
            value={form.bearer}
            onChange={(e) => set({ bearer: e.target.value })}
            aria-invalid={problem?.field === "bearer"}
            autoComplete="off"
          />
          <button type="button" className="secondary small" onClick={() => setShowToken((s) => !s)}>
            {showToken ? "Hide" : "Show"}
          </button>
        </span>
      </label>
      <fieldset className="headers">
        <legend>Custom headers</legend>
        {form.headers.map((row, index) => (
          <div className="header-row" key={index}>
            <input type="checkbox" checked={row.enabled} onChange={(e) => setRow(index, { enabled: e.target.checked })} aria-label={`Send header ${index + 1}`} />
            <input className="mono" value={row.name} onChange={(e) => setRow(index, { name: e.target.value })} placeholder="X-Header" aria-label={`Header ${index + 1} name`} aria-invalid={problem?.field === `headers.${index}`} />
            <input className="mono" value={row.value} onChange={(e) => setRow(index, { value: e.target.value })} placeholder="value" aria-label={`Header ${index + 1} value`} />
            <button type="button" className="icon" aria-label={`Remove header ${index + 1}`} onClick={() => set({ headers: form.headers.filter((_, i) => i !== index) })}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ headers: [...form.headers, { ...EMPTY_ROW }] })}>
          + Add header
        </button>
      </fieldset>
      <label className="inline-check">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember the token and headers in this browser, to reconnect after a reload
      </label>
      {problem ? (
        <p className="error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="form-foot">
        <button type="submit">Connect</button>
        <span className="muted small-print">Through Switchyard’s server-side proxy; headers go to this server only.</span>
      </div>
    </form>
  );
}
