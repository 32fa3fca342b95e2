import type { CaseDefinition } from "../../cases/case.ts";
import { CASES } from "../../cases/index.ts";
import { type EvalCheck, describeCheck } from "../../runner/agents/evals/checks.ts";
import { type ConversationStep, type EvalCase, type EvalSuite, evalSuiteSchema } from "../../runner/agents/evals/suite.ts";
import { AppError } from "../errors.ts";

/** A case as the gallery lists it. */
export interface CaseSummary {
  id: string;
  title: string;
  summary: string;
  agent: string;
  /** The deployments the agent uses (each opens in the bench). */
  deployments: string[];
  /** The published components those deployments run. */
  components: string[];
  /** The docs page, relative to the project root. */
  docs: string;
  scenarios: number;
}

/** One eval conversation of a case, as the Run picker offers it. */
export interface ScenarioView {
  id: string;
  description: string | null;
  conversation: ConversationStep[];
  /** The tools the user is asked to confirm on the way (destructive tools, and tools whose server asks the user). */
  confirms: string[];
  checks: string[];
}

/** The cases' eval suites, validated once (they are code, so a bad one fails at the first use). */
const suites = new Map<string, EvalSuite>();

export function suiteOf(c: CaseDefinition): EvalSuite {
  let suite = suites.get(c.id);
  if (!suite) {
    suite = evalSuiteSchema.parse(c.evals);
    suites.set(c.id, suite);
  }
  return suite;
}

export function findCase(id: string, cases: readonly CaseDefinition[] = CASES): CaseDefinition {
  const found = cases.find((c) => c.id === id);
  if (!found) throw new AppError("NOT_FOUND", `no case "${id}"; the cases are ${cases.map((c) => c.id).join(", ")}`);
  return found;
}

export function findScenario(c: CaseDefinition, scenarioId: string): EvalCase {
  const suite = suiteOf(c);
  const found = suite.cases.find((s) => s.id === scenarioId);
  if (!found) throw new AppError("NOT_FOUND", `case ${c.id} has no scenario "${scenarioId}"; it has ${suite.cases.map((s) => s.id).join(", ")}`);
  return found;
}

export function summarizeCase(c: CaseDefinition, projectRoot: string): CaseSummary {
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    agent: c.agent.id,
    deployments: c.deployments.map((d) => d.name),
    components: c.deployments.map((d) => d.manifest(projectRoot).name),
    docs: c.docs,
    scenarios: suiteOf(c).cases.length,
  };
}

export function scenariosOf(c: CaseDefinition): ScenarioView[] {
  return suiteOf(c).cases.map((s) => ({
    id: s.id,
    description: s.description ?? null,
    conversation: s.conversation,
    confirms: s.conversation.flatMap((step) => (("confirm" in step || "elicit" in step) && step.tool ? [step.tool] : [])),
    checks: s.checks.map((check: EvalCheck) => describeCheck(check)),
  }));
}
