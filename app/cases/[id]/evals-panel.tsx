"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import type { ScenarioView } from "../../../server/cases/case-catalog.ts";

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** Runs the case's evals N times (every scenario, or one) and shows the pass rates. */
export function EvalsPanel({ caseId, scenarios }: { caseId: string; scenarios: ScenarioView[] }) {
  const trpc = useTRPC();
  const [times, setTimes] = useState(3);
  const [scenarioId, setScenarioId] = useState("");
  const evals = useMutation(trpc.cases.runEvals.mutationOptions());
  const report = evals.data;
  return (
    <section className="panel">
      <h2>Evals</h2>
      <div className="actions">
        <label>
          scenarios
          <select aria-label="scenarios" value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
            <option value="">all ({scenarios.length})</option>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          runs
          <input aria-label="runs" type="number" className="narrow" min={1} max={10} value={times} onChange={(e) => setTimes(Math.max(1, Math.min(10, Number(e.target.value) || 1)))} />
        </label>
        <button type="button" disabled={evals.isPending} onClick={() => evals.mutate({ caseId, times, ...(scenarioId ? { scenarioId } : {}) })}>
          {evals.isPending ? "Running evals…" : `Run evals ×${times}`}
        </button>
      </div>
      {evals.error && <p className="error">{evals.error.message}</p>}
      {report && (
        <div data-testid="eval-report">
          <p className={report.ok ? "cs-pass" : "cs-fail"}>
            {percent(report.passRate)} of runs passed every check ({report.runs} run(s) per scenario) — {report.ok ? "ok" : "failed"}
          </p>
          <table>
            <thead>
              <tr>
                <th>scenario</th>
                <th>passed</th>
                <th>checks</th>
              </tr>
            </thead>
            <tbody>
              {report.cases.map((c) => (
                <tr key={c.id}>
                  <td className="mono">{c.id}</td>
                  <td className={c.ok ? "cs-pass" : "cs-fail"}>
                    {c.passed}/{c.runs} ({percent(c.passRate)})
                  </td>
                  <td>
                    <ul className="cs-checks">
                      {c.checks.map((check) => (
                        <li key={check.label} title={check.failures[0] ?? ""}>
                          <span className={check.passed === check.runs ? "cs-pass" : "cs-fail"}>{percent(check.passRate)}</span> {check.label}
                        </li>
                      ))}
                      {c.errors.map((error) => (
                        <li key={error} className="error">
                          {error}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
