import { type CheckResult, checkTranscript, describeCheck } from "./checks.ts";
import type { EvalCase, EvalSuite } from "./suite.ts";
import type { Transcript } from "./transcript.ts";

/** Plays one case's conversation against the agent, in a fresh conversation, and returns its transcript. */
export type CaseRunner = (evalCase: EvalCase, run: number) => Promise<Transcript>;

export interface CheckTally {
  label: string;
  passed: number;
  runs: number;
  passRate: number;
  /** The distinct reasons it failed, at most five. */
  failures: string[];
}

export interface CaseReport {
  id: string;
  description: string | undefined;
  runs: number;
  /** Runs in which every check passed. */
  passed: number;
  passRate: number;
  minPassRate: number;
  ok: boolean;
  checks: CheckTally[];
  /** Runs that could not finish (a mismatch with the script, an error): counted as failed. */
  errors: string[];
}

export interface EvalReport {
  agent: string;
  runs: number;
  cases: CaseReport[];
  /** Share of all runs of all cases that passed every check. */
  passRate: number;
  ok: boolean;
}

/**
 * Runs each case `times` times (one after another: a deterministic agent must give the same
 * result every time, and runs must not share state) and reports pass rates per check and per case.
 * Usable from a test, and from `switchyard check` with a runner that talks to a live product.
 */
export async function runEvals(options: { suite: EvalSuite; times: number; run: CaseRunner; onRun?: (caseId: string, run: number, results: CheckResult[] | Error) => void }): Promise<EvalReport> {
  const { suite, times, run } = options;
  if (!Number.isInteger(times) || times < 1) throw new Error(`times: expected a whole number of runs of at least 1, got ${times}`);
  const cases: CaseReport[] = [];
  for (const evalCase of suite.cases) {
    const tallies = evalCase.checks.map((check) => ({ label: describeCheck(check), passed: 0, runs: 0, passRate: 0, failures: new Set<string>() }));
    const errors: string[] = [];
    let passed = 0;
    for (let i = 0; i < times; i++) {
      let results: CheckResult[];
      try {
        results = checkTranscript(await run(evalCase, i), evalCase.checks);
      } catch (error) {
        const message = (error as Error).message;
        if (errors.length < 5 && !errors.includes(message)) errors.push(message);
        for (const tally of tallies) tally.runs++;
        options.onRun?.(evalCase.id, i, error as Error);
        continue;
      }
      results.forEach((result, index) => {
        const tally = tallies[index]!;
        tally.runs++;
        if (result.pass) tally.passed++;
        else if (tally.failures.size < 5) tally.failures.add(result.message);
      });
      if (results.every((result) => result.pass)) passed++;
      options.onRun?.(evalCase.id, i, results);
    }
    const passRate = passed / times;
    cases.push({
      id: evalCase.id,
      description: evalCase.description,
      runs: times,
      passed,
      passRate,
      minPassRate: evalCase.minPassRate,
      ok: passRate >= evalCase.minPassRate,
      checks: tallies.map((tally) => ({ label: tally.label, passed: tally.passed, runs: tally.runs, passRate: tally.runs === 0 ? 0 : tally.passed / tally.runs, failures: [...tally.failures] })),
      errors,
    });
  }
  const total = cases.reduce((sum, c) => sum + c.runs, 0);
  const passedRuns = cases.reduce((sum, c) => sum + c.passed, 0);
  return { agent: suite.agent, runs: times, cases, passRate: total === 0 ? 0 : passedRuns / total, ok: cases.every((c) => c.ok) };
}

/** The report as lines a terminal shows, e.g. for `switchyard check`. */
export function formatReport(report: EvalReport): string {
  const percent = (rate: number) => `${Math.round(rate * 100)}%`;
  const lines = [`evals for ${report.agent}: ${report.runs} run(s) per case, ${percent(report.passRate)} of runs passed — ${report.ok ? "ok" : "FAILED"}`];
  for (const c of report.cases) {
    lines.push(`  ${c.ok ? "✓" : "✗"} ${c.id}: ${c.passed}/${c.runs} (${percent(c.passRate)}, needs ${percent(c.minPassRate)})`);
    for (const check of c.checks) {
      lines.push(`      ${check.passed === check.runs ? "✓" : "✗"} ${check.label}: ${check.passed}/${check.runs}${check.failures.length > 0 ? ` — ${check.failures[0]}` : ""}`);
    }
    for (const error of c.errors) lines.push(`      ! ${error}`);
  }
  return lines.join("\n");
}
