import type { EvalReport } from "../runner/agents/evals/run-evals.ts";
import type { CollectionResult } from "../server/bench/collections/run-collection.ts";

/**
 * An eval report in the shape the collections' JUnit writer takes: one test case per eval case,
 * failed when its pass rate is under its threshold, with one line per check that fell short
 * (and per run that could not finish).
 */
export function evalReportAsCollection(report: EvalReport, durationMs: number): CollectionResult {
  const percent = (rate: number) => `${Math.round(rate * 100)}%`;
  const cases = report.cases.map((c) => {
    const assertions = [
      { label: `every check passes in ${percent(c.minPassRate)} of runs`, passed: c.ok, ...(c.ok ? {} : { message: `${c.passed}/${c.runs} runs passed (${percent(c.passRate)})` }) },
      ...c.checks.map((check) => {
        const passed = check.passRate >= c.minPassRate;
        return { label: check.label, passed, ...(passed ? {} : { message: `${check.passed}/${check.runs} runs passed (${percent(check.passRate)})${check.failures[0] ? `: ${check.failures[0]}` : ""}` }) };
      }),
      ...c.errors.map((error) => ({ label: "the run finished", passed: false, message: error })),
    ];
    return { name: c.id, method: "eval", outcome: { kind: "result" as const, result: null, latencyMs: durationMs / Math.max(1, report.cases.length) }, assertions, passed: c.ok };
  });
  const failed = cases.filter((c) => !c.passed).length;
  return { name: `evals for ${report.agent}`, cases, passed: cases.length - failed, failed, durationMs };
}
