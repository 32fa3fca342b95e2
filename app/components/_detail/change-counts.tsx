import type { ContractChange } from "../types.ts";

/** "2 breaking · 1 compatible": how a set of changes splits by kind. */
export function ChangeCounts({ changes }: { changes: ContractChange[] }) {
  if (changes.length === 0) return <span className="muted">no changes</span>;
  const counts = { breaking: 0, compatible: 0, cosmetic: 0 };
  for (const change of changes) counts[change.kind] += 1;
  return (
    <span className="mk-counts">
      {(Object.keys(counts) as Array<keyof typeof counts>)
        .filter((kind) => counts[kind] > 0)
        .map((kind) => (
          <span key={kind} className={`mk-count-${kind}`}>
            {counts[kind]} {kind}
          </span>
        ))}
    </span>
  );
}
