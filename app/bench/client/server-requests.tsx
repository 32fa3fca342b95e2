"use client";
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { DEFAULT_MODEL, acceptElicitation, cancelElicitation, declineElicitation, samplingLines, samplingReply } from "../../../server/bench/client-features/answers.ts";
import type { PendingRequest, ServerRequests } from "../../../server/bench/client-features/server-requests.ts";
import { type Draft, initialDraft } from "../../../server/bench/forms/form-draft.ts";
import { draftToValue } from "../../../server/bench/forms/form-value.ts";
import { formFromSchema } from "../../../server/bench/forms/schema-to-form.ts";
import { validateWithSchema } from "../../../server/bench/results/schema-validator.ts";
import { clockTime } from "../timeline/format.ts";
import { SchemaForm } from "../tools/schema-form.tsx";
import { SchemaWarning } from "../tools/schema-warning.tsx";

/** The server's questions for the user (elicitation, sampling), above everything else until answered. */
export function ServerRequestPrompts({ requests }: { requests: ServerRequests }) {
  const pending = useSyncExternalStore(requests.subscribe, requests.snapshot, requests.snapshot);
  const region = useRef<HTMLDivElement>(null);
  const count = pending.length;
  useEffect(() => {
    if (count > 0) region.current?.scrollIntoView({ block: "nearest" });
  }, [count]);
  if (count === 0) return null;
  return (
    <div className="server-requests" ref={region} role="region" aria-label="Requests from the server">
      {pending.map((request) =>
        request.kind === "elicitation" ? <ElicitationPrompt key={request.key} request={request} requests={requests} /> : <SamplingPrompt key={request.key} request={request} requests={requests} />,
      )}
    </div>
  );
}

function Head({ title, request, note }: { title: string; request: PendingRequest; note?: string }) {
  return (
    <header className="request-head">
      <span className="chip request-kind">{request.kind === "elicitation" ? "elicitation/create" : "sampling/createMessage"}</span>
      <h3>{title}</h3>
      <span className="muted small-print">
        received {clockTime(request.received)}
        {note ? ` · ${note}` : ""}
      </span>
    </header>
  );
}

function ElicitationPrompt({ request, requests }: { request: Extract<PendingRequest, { kind: "elicitation" }>; requests: ServerRequests }) {
  const idPrefix = useId().replace(/[^A-Za-z0-9-]/g, "");
  const params = request.params as { message: string; requestedSchema?: unknown; mode?: string };
  const schema = params.requestedSchema ?? { type: "object", properties: {} };
  const form = useMemo(() => formFromSchema(schema), [schema]);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(form));
  const value = useMemo(() => draftToValue(form, draft), [form, draft]);
  const errors = useMemo(() => new Map(value.errors.map((e) => [e.path, e.message])), [value]);
  const check = useMemo(() => (value.errors.length ? undefined : validateWithSchema(schema, value.value ?? {})), [schema, value]);
  const accept = () => {
    if (value.errors.length) return;
    requests.answer(request.key, acceptElicitation(schema, value.value ?? {}).result);
  };
  return (
    <article className="server-request" aria-label="Elicitation from the server">
      <Head title="The server asks for input" request={request} />
      <p className="request-message">{params.message}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          accept();
        }}
      >
        <SchemaForm field={form} draft={draft} onChange={setDraft} idPrefix={`${idPrefix}-elicit`} errors={errors} />
        <SchemaWarning
          check={check}
          badSchema={(reason) => <>The requestedSchema does not compile: {reason}</>}
          issues="Not what the requestedSchema asks for (you can still send it):"
          root="(content)"
        />
        <div className="call-bar">
          <button type="submit" disabled={value.errors.length > 0}>
            Accept
          </button>
          <button type="button" className="secondary" onClick={() => requests.answer(request.key, declineElicitation())}>
            Decline
          </button>
          <button type="button" className="secondary" onClick={() => requests.answer(request.key, cancelElicitation())}>
            Cancel
          </button>
          <span className="muted small-print">Accept sends the form as content; Decline and Cancel send no content.</span>
        </div>
      </form>
    </article>
  );
}

function SamplingPrompt({ request, requests }: { request: Extract<PendingRequest, { kind: "sampling" }>; requests: ServerRequests }) {
  const id = useId().replace(/[^A-Za-z0-9-]/g, "");
  const [reply, setReply] = useState("");
  const [model, setModel] = useState(DEFAULT_MODEL);
  const lines = useMemo(() => samplingLines(request.params), [request.params]);
  const hints = request.params.modelPreferences?.hints?.map((h) => h.name).filter(Boolean) ?? [];
  const send = () => requests.answer(request.key, samplingReply(reply, model));
  return (
    <article className="server-request" aria-label="Sampling request from the server">
      <Head title="The server asks for a model reply" request={request} note={`maxTokens ${request.params.maxTokens}${hints.length ? ` · model hints: ${hints.join(", ")}` : ""}`} />
      {request.params.systemPrompt ? (
        <p className="system-prompt">
          <span className="muted small-print">system</span> {request.params.systemPrompt}
        </p>
      ) : null}
      <ol className="sampling-messages" aria-label="Messages to sample from">
        {lines.map((line, index) => (
          <li key={index} className={`role-${line.role}`}>
            <span className="muted small-print">{line.role}</span> <span className="mono">{line.text}</span>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
          }
        }}
      >
        <label htmlFor={`${id}-reply`} className="field-name">
          Assistant reply
        </label>
        <textarea id={`${id}-reply`} rows={3} value={reply} onChange={(e) => setReply(e.target.value)} placeholder="What the model would answer…" />
        <div className="call-bar">
          <label htmlFor={`${id}-model`} className="timeout">
            Model
            <input id={`${id}-model`} className="mono" value={model} onChange={(e) => setModel(e.target.value)} />
          </label>
          <button type="submit">Send reply</button>
          <button type="button" className="danger" onClick={() => requests.refuse(request.key, "the user rejected the sampling request")}>
            Reject
          </button>
          <span className="muted small-print">Ctrl+Enter sends</span>
        </div>
      </form>
    </article>
  );
}
