"use client";
import { useId, useState } from "react";
import type { ClientFeatures } from "../../../server/bench/client-features/client-features.ts";
import { type RootDraft, checkRoots } from "../../../server/bench/client-features/roots.ts";

/** The roots this tab's client offers: roots/list is answered from them; a change is announced. */
export function RootsPanel({ features }: { features: ClientFeatures }) {
  const id = useId().replace(/[^A-Za-z0-9-]/g, "");
  const [rows, setRows] = useState<RootDraft[]>(() => (features.roots.roots.length ? features.roots.roots.map((r) => ({ uri: r.uri, name: r.name ?? "" })) : [{ uri: "", name: "" }]));
  const [status, setStatus] = useState<string | null>(null);
  const check = checkRoots(rows);
  const edit = (index: number, patch: Partial<RootDraft>) => {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    setStatus(null);
  };
  const apply = () => {
    if (check.problems.size) return;
    const changed = features.roots.set(check.roots);
    setStatus(changed ? `Saved ${check.roots.length} root${check.roots.length === 1 ? "" : "s"}; notifications/roots/list_changed sent.` : "No change.");
  };
  return (
    <div className="panel roots-panel">
      <h2 className="panel-title">Roots</h2>
      <p className="muted small-print">
        The folders this client offers the server. The bench declares the <code>roots</code> capability (with listChanged), answers <code>roots/list</code> from this list and
        sends <code>notifications/roots/list_changed</code> when you save a change.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <ol className="root-rows">
          {rows.map((row, index) => (
            <li key={index} className="root-row">
              <input aria-label={`Root ${index + 1} URI`} id={`${id}-uri-${index}`} className="mono" placeholder="file:///path/to/project" value={row.uri} onChange={(e) => edit(index, { uri: e.target.value })} aria-invalid={check.problems.has(index)} />
              <input aria-label={`Root ${index + 1} name`} placeholder="name (optional)" value={row.name} onChange={(e) => edit(index, { name: e.target.value })} />
              <button type="button" className="icon" aria-label={`Remove root ${index + 1}`} onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
                ×
              </button>
              {check.problems.has(index) ? (
                <span className="field-error" role="alert">
                  {check.problems.get(index)}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
        <div className="call-bar">
          <button type="button" className="secondary small" onClick={() => setRows((current) => [...current, { uri: "", name: "" }])}>
            Add root
          </button>
          <button type="submit" className="small" disabled={check.problems.size > 0}>
            Save roots
          </button>
          {status ? (
            <span className="muted small-print" role="status" data-testid="roots-status">
              {status}
            </span>
          ) : null}
        </div>
      </form>
    </div>
  );
}
