import type { RevisionProbe } from "../types.ts";

const yes = (ok: boolean, label: string) => (
  <span className={ok ? "mk-yes" : "mk-no"}>
    <span aria-hidden>{ok ? "✓ " : "✕ "}</span>
    {label}
  </span>
);

/** One version's probe: for each revision, did it initialize, what did it negotiate, did its lists answer. */
export function RevisionTable({ probes }: { probes: RevisionProbe[] }) {
  if (probes.length === 0) return <p className="notice">This version was not probed, so there is no compatibility matrix.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Compatibility matrix" className="mk-revision-table">
        <thead>
          <tr>
            <th>MCP revision</th>
            <th>Initialize</th>
            <th>Negotiated</th>
            <th>Lists</th>
            <th>Tools</th>
            <th>Resources</th>
            <th>Templates</th>
            <th>Prompts</th>
          </tr>
        </thead>
        <tbody>
          {[...probes]
            .sort((a, b) => b.revision.localeCompare(a.revision))
            .flatMap((probe) => [
              <tr key={probe.revision} data-revision={probe.revision} title={probe.error}>
                <td className="mono">{probe.revision}</td>
                <td data-testid="initialized">{yes(probe.initialized, probe.initialized ? "initialized" : "failed")}</td>
                <td className="mono" data-testid="negotiated">
                  {probe.negotiated ?? <span className="muted">—</span>}
                  {probe.negotiated && probe.negotiated !== probe.revision ? <span className="mk-chip mk-downgrade">differs</span> : null}
                </td>
                <td data-testid="listed">{yes(probe.listed, probe.listed ? "listed" : "failed")}</td>
                <td>{probe.counts?.tools ?? "—"}</td>
                <td>{probe.counts?.resources ?? "—"}</td>
                <td>{probe.counts?.resourceTemplates ?? "—"}</td>
                <td>{probe.counts?.prompts ?? "—"}</td>
              </tr>,
              probe.error ? (
                <tr key={`${probe.revision}-error`} className="mk-error-row">
                  <td colSpan={8}>
                    <span className="mk-no">{probe.revision}:</span> {probe.error}
                  </td>
                </tr>
              ) : null,
            ])}
        </tbody>
      </table>
    </div>
  );
}
