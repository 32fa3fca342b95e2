import type { Finding } from "../../../server/bench/lint/lint-tools.ts";

/** Findings, each with its severity, the tool, what was found, why it matters and the fix. */
export function FindingList({ findings, label }: { findings: readonly Finding[]; label: string }) {
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f, index) => (
        <li key={index} className={`finding severity-${f.severity}`} data-rule={f.rule}>
          <div className="finding-head">
            <span className={`chip sev sev-${f.severity}`}>{f.severity}</span>
            {f.tool ? <code>{f.tool}</code> : null}
            <span>{f.message}</span>
            <span className="muted small-print mono">{f.rule}</span>
          </div>
          <p className="small-print">
            <strong>Why:</strong> {f.reason}
          </p>
          <p className="small-print">
            <strong>Fix:</strong> {f.fix}
          </p>
        </li>
      ))}
    </ul>
  );
}
