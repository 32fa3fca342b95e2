import { KindBadge } from "../badges.tsx";
import type { ContractChange } from "../types.ts";

const ORDER = { breaking: 0, compatible: 1, cosmetic: 2 } as const;

/** Each change with its kind, the sentence for a person and the path for a machine; breaking first. */
export function ChangeList({ changes }: { changes: ContractChange[] }) {
  const sorted = [...changes].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.path.localeCompare(b.path));
  return (
    <ul className="mk-changes" aria-label="Changes">
      {sorted.map((change) => (
        <li key={`${change.kind}:${change.path}:${change.message}`} className={`mk-change mk-change-${change.kind}`} data-kind={change.kind}>
          <KindBadge kind={change.kind} />
          <div>
            <div className="mk-change-message">{change.message}</div>
            <div className="mk-change-path mono">{change.path}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}
