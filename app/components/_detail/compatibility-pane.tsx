import type { VersionSummary } from "../types.ts";
import { probeState } from "./probe-state.ts";
import { RevisionTable } from "./revision-table.tsx";

/**
 * Which MCP revisions each version initializes and lists cleanly under, as probed at publish:
 * every version against every revision, then the shown version's row for each revision.
 */
export function CompatibilityPane({ versions, selected, onSelect }: { versions: VersionSummary[]; selected: VersionSummary; onSelect: (version: string) => void }) {
  const revisions = [...new Set(versions.flatMap((version) => version.compatibility.map((probe) => probe.revision)))].sort();
  return (
    <div className="mk-compat">
      <h2>
        Version {selected.version} <span className="muted">by MCP revision</span>
      </h2>
      <RevisionTable probes={selected.compatibility} />

      {versions.length > 1 && revisions.length > 0 ? (
        <>
          <h2>All versions</h2>
          <div className="table-wrap">
            <table className="mk-matrix" aria-label="Compatibility of every version">
              <thead>
                <tr>
                  <th>Version</th>
                  {revisions.map((revision) => (
                    <th key={revision} className="mono">
                      {revision}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {versions.map((version) => (
                  <tr key={version.version} className={version.version === selected.version ? "mk-selected" : undefined}>
                    <td>
                      <button type="button" className="mk-link mono" onClick={() => onSelect(version.version)}>
                        {version.version}
                      </button>
                    </td>
                    {revisions.map((revision) => {
                      const probe = version.compatibility.find((p) => p.revision === revision);
                      if (!probe) return <td key={revision} className="muted">not probed</td>;
                      const state = probeState(probe);
                      return (
                        <td key={revision} title={probe.error ?? state.label}>
                          <span className={`mk-state mk-state-${state.kind}`}>{state.icon}</span> <span className="mk-small">{state.label}</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
