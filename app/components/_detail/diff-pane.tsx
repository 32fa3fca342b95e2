"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../_trpc/client.ts";
import { BumpBadge } from "../badges.tsx";
import type { VersionSummary } from "../types.ts";
import { ChangeCounts } from "./change-counts.tsx";
import { ChangeList } from "./change-list.tsx";

/** The contract diff between any two versions, and the semver bump it calls for. */
export function DiffPane({
  name,
  versions,
  from: fromParam,
  to: toParam,
  onChange,
}: {
  name: string;
  versions: VersionSummary[];
  from?: string;
  to?: string;
  onChange: (from: string, to: string) => void;
}) {
  const trpc = useTRPC();
  const known = (version: string | undefined) => versions.some((v) => v.version === version);
  const to = known(toParam) ? toParam! : versions[0]?.version;
  const from = known(fromParam) ? fromParam! : (versions.find((v) => v.version === to)?.previousVersion ?? versions[1]?.version);
  const ready = Boolean(from && to && from !== to);
  const diff = useQuery(trpc.registry.diff.queryOptions(ready ? { name, from: from!, to: to! } : skipToken));

  if (versions.length < 2) return <p className="notice">There is only one version so far: nothing to compare yet.</p>;

  return (
    <div className="mk-diff">
      <form className="mk-diff-pick" onSubmit={(e) => e.preventDefault()} aria-label="Versions to compare">
        <label>
          From
          <VersionSelect versions={versions} value={from ?? ""} onChange={(value) => onChange(value, to!)} />
        </label>
        <button type="button" className="secondary mk-swap" onClick={() => onChange(to!, from!)} title="Swap" aria-label="Swap from and to">
          ⇄
        </button>
        <label>
          To
          <VersionSelect versions={versions} value={to ?? ""} onChange={(value) => onChange(from!, value)} />
        </label>
      </form>

      {!ready ? <p className="muted">Pick two different versions.</p> : null}
      {diff.error ? <p className="error">{diff.error.message}</p> : null}
      {ready && diff.isPending ? <p className="empty">Comparing…</p> : null}
      {diff.data ? (
        <>
          <div className="mk-diff-summary" data-testid="diff-summary">
            <span className="mono">
              {diff.data.from} → {diff.data.to}
            </span>
            <ChangeCounts changes={diff.data.changes} />
            <span className="mk-diff-bump">
              Suggested: <BumpBadge bump={diff.data.suggestedBump} />
            </span>
          </div>
          {diff.data.changes.length === 0 ? <p className="muted">The two contracts are identical.</p> : <ChangeList changes={diff.data.changes} />}
        </>
      ) : null}
    </div>
  );
}

function VersionSelect({ versions, value, onChange }: { versions: VersionSummary[]; value: string; onChange: (value: string) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {versions.map((version) => (
        <option key={version.version} value={version.version}>
          {version.version}
        </option>
      ))}
    </select>
  );
}
