import { BumpBadge } from "../badges.tsx";
import { ago, exactTime } from "../format.ts";
import type { VersionSummary } from "../types.ts";
import { ChangeCounts } from "./change-counts.tsx";

/** Every version, newest first, with what changed against the one before it. */
export function VersionsTable({
  versions,
  selected,
  onSelect,
  onDiff,
}: {
  versions: VersionSummary[];
  selected: string;
  onSelect: (version: string) => void;
  onDiff: (from: string, to: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table aria-label="Versions" className="mk-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Published</th>
            <th>Against</th>
            <th>Changes</th>
            <th>Suggested bump</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((version, index) => (
            <tr key={version.version} data-version={version.version} className={version.version === selected ? "mk-selected" : undefined}>
              <td>
                <button type="button" className="mk-link mono" onClick={() => onSelect(version.version)} title="Show this version's contract">
                  {version.version}
                </button>
                {index === 0 ? <span className="mk-chip mk-latest">latest</span> : null}
                {version.forced ? (
                  <span className="mk-chip mk-forced" title="Published as a minor or patch release despite breaking changes; the override is recorded" data-testid="forced">
                    forced
                  </span>
                ) : null}
              </td>
              <td title={exactTime(version.publishedAt)}>
                {ago(version.publishedAt)}
                {version.publishedBy ? <div className="muted mk-small">by {version.publishedBy}</div> : null}
              </td>
              <td className="mono">{version.previousVersion ?? <span className="muted">first</span>}</td>
              <td data-testid="changes">{version.previousVersion ? <ChangeCounts changes={version.changes} /> : <span className="muted">—</span>}</td>
              <td>{version.previousVersion ? <BumpBadge bump={version.suggestedBump} /> : <span className="muted">—</span>}</td>
              <td>
                {version.previousVersion ? (
                  <button type="button" className="secondary mk-small-button" onClick={() => onDiff(version.previousVersion!, version.version)}>
                    Diff
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
