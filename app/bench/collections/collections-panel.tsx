"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useMemo, useState, useSyncExternalStore } from "react";
import { type Collection, parseCollection } from "../../../server/bench/collections/collection-schema.ts";
import { collectionFrom, requestsOf } from "../../../server/bench/collections/from-timeline.ts";
import { type CollectionResult, runCollection } from "../../../server/bench/collections/run-collection.ts";
import type { Timeline } from "../../../server/bench/session/timeline.ts";

/** Turn this tab's requests into a collection (a download), and run a collection file against the server. */
export function CollectionsPanel({ client, timeline, label }: { client: Client; timeline: Timeline; label: string }) {
  return (
    <div className="collections">
      <ExportRequests timeline={timeline} label={label} />
      <RunCollection client={client} />
    </div>
  );
}

function ExportRequests({ timeline, label }: { timeline: Timeline; label: string }) {
  const entries = useSyncExternalStore(timeline.subscribe, timeline.snapshot, timeline.snapshot);
  const picks = useMemo(() => requestsOf(entries), [entries]);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const selected = picks.filter((p) => chosen.has(p.seq));
  const download = () => {
    const collection = collectionFrom(label, selected);
    const blob = new Blob([`${JSON.stringify(collection, null, 2)}\n`], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${label.replace(/[^A-Za-z0-9._-]+/g, "-")}.collection.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section aria-label="Turn requests into a collection">
      <h3 className="panel-title">Turn requests into a collection</h3>
      {picks.length === 0 ? <p className="empty">No requests sent yet: call a tool, read a resource, then pick them here.</p> : null}
      <ul className="pick-list">
        {picks.map((pick) => (
          <li key={pick.seq}>
            <label>
              <input type="checkbox" checked={chosen.has(pick.seq)} onChange={() => setChosen((c) => { const n = new Set(c); if (n.has(pick.seq)) n.delete(pick.seq); else n.add(pick.seq); return n; })} />
              <code>{pick.method}</code>
              {typeof pick.params?.name === "string" ? <span>{pick.params.name}</span> : null}
              <span className="muted small-print">{pick.reply ? `${pick.reply.kind}${pick.reply.latencyMs !== undefined ? ` · ${Math.round(pick.reply.latencyMs)} ms` : ""}` : "no reply"}</span>
            </label>
          </li>
        ))}
      </ul>
      {picks.length ? (
        <p>
          <button type="button" className="link" onClick={() => setChosen(new Set(picks.map((p) => p.seq)))}>Select all</button>{" "}
          <button type="button" className="small" disabled={!selected.length} onClick={download}>
            Download collection ({selected.length})
          </button>
        </p>
      ) : null}
      <p className="muted small-print">Each case asserts the status seen, structuredContent against outputSchema where there was one, and a latency budget; edit the file to add JSON path checks, then run it here or with switchyard check.</p>
    </section>
  );
}

function RunCollection({ client }: { client: Client }) {
  const [collection, setCollection] = useState<Collection>();
  const [problems, setProblems] = useState<string[]>([]);
  const [result, setResult] = useState<CollectionResult>();
  const [running, setRunning] = useState(false);
  const load = async (file: File | undefined) => {
    setResult(undefined);
    setCollection(undefined);
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (error) {
      return setProblems([`${file.name} is not valid JSON: ${(error as Error).message}`]);
    }
    const parsed = parseCollection(json);
    if (parsed.ok) {
      setProblems([]);
      setCollection(parsed.collection);
    } else setProblems(parsed.problems);
  };
  const run = async () => {
    if (!collection) return;
    setRunning(true);
    try {
      setResult(await runCollection(client, collection));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section aria-label="Run a collection">
      <h3 className="panel-title">Run a collection</h3>
      <p>
        <input type="file" accept="application/json,.json" aria-label="Collection file" onChange={(e) => void load(e.target.files?.[0])} />{" "}
        <button type="button" className="small" disabled={!collection || running} onClick={() => void run()}>
          {running ? "Running…" : collection ? `Run ${collection.cases.length} case${collection.cases.length === 1 ? "" : "s"}` : "Run"}
        </button>
      </p>
      {problems.length ? (
        <ul className="field-error" role="alert">
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      ) : null}
      {result ? (
        <div data-testid="collection-result">
          <p className={result.failed ? "field-error" : undefined}>
            {result.passed} passed, {result.failed} failed ({Math.round(result.durationMs)} ms)
          </p>
          <ol className="case-results">
            {result.cases.map((c, i) => (
              <li key={i} data-passed={c.passed}>
                <strong>{c.passed ? "✓" : "✗"} {c.name}</strong> <span className="muted small-print">{c.method} · {Math.round(c.outcome.latencyMs)} ms</span>
                <ul>
                  {c.assertions.map((a, j) => (
                    <li key={j} data-passed={a.passed}>
                      {a.passed ? "ok" : "FAIL"} {a.label}
                      {a.message ? <span className="muted"> — {a.message}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
