"use client";
import { useMemo, useRef, useState } from "react";
import { consoleSchema, methodsFor, skeleton } from "../../../server/bench/console/message-schema.ts";
import { parseRawMessage } from "../../../server/bench/console/raw-message.ts";
import { type RawOutcome, sendRaw } from "../../../server/bench/console/send-raw.ts";
import type { OpenConnection } from "../../../server/bench/session/open-connection.ts";
import { LazyJsonEditor } from "../monaco/lazy-editor.tsx";
import { millis } from "../timeline/format.ts";

const START = '{\n  "jsonrpc": "2.0",\n  "id": 1,\n  "method": "ping"\n}';

/**
 * Any JSON-RPC message on the open connection, typed in Monaco with completion and validation
 * from the MCP schema of the negotiated revision. Requests wait for their reply; notifications
 * and replies to the server are sent and done. All of it shows in the timeline.
 */
export function RawConsole({ connection, revision }: { connection: OpenConnection; revision: string }) {
  const methods = useMemo(() => methodsFor(revision), [revision]);
  const schema = useMemo(() => consoleSchema(revision), [revision]);
  const [text, setText] = useState(START);
  const [timeoutSeconds, setTimeoutSeconds] = useState("30");
  const [running, setRunning] = useState<AbortController | null>(null);
  const [outcome, setOutcome] = useState<RawOutcome | null>(null);
  const nextId = useRef(2);
  const parsed = useMemo(() => parseRawMessage(text), [text]);

  const send = async () => {
    if (!parsed.ok || running) return;
    const abort = new AbortController();
    const seconds = Number(timeoutSeconds);
    setRunning(abort);
    setOutcome(null);
    const result = await sendRaw(connection, parsed.message, { timeoutMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000, signal: abort.signal }).catch(
      (error: unknown): RawOutcome => ({ kind: "failed", message: error instanceof Error ? error.message : String(error), ms: 0 }),
    );
    setRunning(null);
    setOutcome(result);
  };
  const sendRef = useRef(send);
  sendRef.current = send;

  const startFrom = (method: string) => {
    const found = methods.find((m) => m.method === method);
    if (!found) return;
    setText(JSON.stringify(skeleton(found, nextId.current++), null, 2));
    setOutcome(null);
  };

  return (
    <div className="panel raw-console">
      <div className="args-head">
        <h2 className="panel-title">Raw console</h2>
        <label className="timeout">
          Start from
          <select aria-label="Start from a method" value="" onChange={(e) => startFrom(e.target.value)}>
            <option value="" disabled>
              a method of {revision}…
            </option>
            <optgroup label="Requests">
              {methods.filter((m) => m.kind === "request").map((m) => (
                <option key={m.method} value={m.method}>
                  {m.method}
                </option>
              ))}
            </optgroup>
            <optgroup label="Notifications">
              {methods.filter((m) => m.kind === "notification").map((m) => (
                <option key={m.method} value={m.method}>
                  {m.method}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
      </div>
      <p className="muted small-print">
        One JSON-RPC message; completion and checks follow the MCP {revision} schema (Ctrl+Space to complete). A request is sent with the session’s next id, so it never clashes with the
        bench’s own.
      </p>
      <LazyJsonEditor value={text} onChange={setText} schema={schema} height={200} onSubmit={() => void sendRef.current()} label="Raw JSON-RPC message" />
      <div className="call-bar">
        <button type="button" onClick={() => void send()} disabled={!parsed.ok || running !== null}>
          {running ? "Waiting…" : parsed.ok && parsed.message.kind !== "request" ? `Send ${parsed.message.kind}` : "Send request"}
        </button>
        <span className="muted small-print">Ctrl+Enter</span>
        {running ? (
          <button type="button" className="danger small" onClick={() => running.abort()}>
            Cancel
          </button>
        ) : null}
        <label className="timeout">
          Timeout
          <input className="narrow-input mono" aria-label="Console timeout in seconds" value={timeoutSeconds} onChange={(e) => setTimeoutSeconds(e.target.value)} inputMode="numeric" />s
        </label>
        {!parsed.ok ? (
          <span className="error small-print" role="status">
            {parsed.problem}
          </span>
        ) : null}
      </div>
      {outcome ? <ConsoleOutcome outcome={outcome} /> : null}
    </div>
  );
}

function ConsoleOutcome({ outcome }: { outcome: RawOutcome }) {
  if (outcome.kind === "sent") {
    return (
      <p className="console-result muted" data-testid="console-result" role="status">
        Sent the {outcome.what}: no reply is expected. It is in the timeline.
      </p>
    );
  }
  if (outcome.kind === "failed") {
    return (
      <p className="console-result error" data-testid="console-result" role="alert">
        Not answered: {outcome.message}
      </p>
    );
  }
  const body = outcome.kind === "result" ? outcome.result : { code: outcome.code, message: outcome.message, ...(outcome.data !== undefined ? { data: outcome.data } : {}) };
  return (
    <div className="console-result" data-testid="console-result" data-outcome={outcome.kind}>
      <p className={outcome.kind === "result" ? "ok-line" : "error"}>
        {outcome.kind === "result" ? "Result" : `Error ${outcome.code}: ${outcome.message}`} <span className="muted small-print">in {millis(outcome.ms)}</span>
      </p>
      <LazyJsonEditor value={JSON.stringify(body, null, 2)} readOnly height={220} label="Console reply JSON" />
    </div>
  );
}
