import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { type EvalReport, formatReport, runEvals } from "../runner/agents/evals/run-evals.ts";
import { type EvalSuite, evalSuiteSchema } from "../runner/agents/evals/suite.ts";
import type { Transcript } from "../runner/agents/evals/transcript.ts";
import { transcriptSchema } from "../runner/agents/evals/transcript-schema.ts";
import { toJUnit } from "../server/bench/collections/junit.ts";
import { StartupError } from "../server/errors.ts";
import { jsonPath } from "../server/registry/manifest-schema.ts";
import { evalReportAsCollection } from "./eval-junit.ts";
import { defaultKey, defaultUrl } from "./publish.ts";
import { readJsonFile } from "./read-json-file.ts";
import { SwitchyardClient, SwitchyardError } from "./sdk/switchyard-client.ts";

export const EVALS_USAGE = `usage: switchyard check <suite.json> --agent ID [--runs N] [--url URL] [--key KEY] [--min-pass-rate R] [--junit out.xml]
       switchyard check <suite.json> --transcript FILE... [--case ID] [--min-pass-rate R] [--junit out.xml]

Runs an eval suite (the cases' schema: scripted conversations and checks over their transcripts)
and prints pass rates per case and per check; exits 1 when a case's pass rate is under its threshold.

  --agent ID         run each case against this stored agent of a running Switchyard, N times
  --runs N           runs per case with --agent (default 1, at most 20); each run is a real conversation
  --url URL          the Switchyard web app (default: $SWITCHYARD_URL, else http://127.0.0.1:$WEB_PORT or :3000)
  --key KEY          an API key with the "*" scope (default: $SWITCHYARD_API_KEY, else the local demo key)
  --transcript FILE  check a recorded transcript offline (repeatable); a file holds one transcript or an
                     array of them, one per run, for the case named by --case or by the file's name
  --case ID          the case the transcripts are for
  --min-pass-rate R  share of runs (0 to 1) every case must pass (default: each case's minPassRate, 1.0 unless set)
  --junit FILE       also write the results as JUnit XML
`;

/** Whether `switchyard check` was asked for evals rather than a collection. */
export function isEvalCheck(argv: string[]): boolean {
  return argv.some((arg) => /^--(agent|transcript)(=|$)/.test(arg));
}

/** `switchyard check <suite.json> --agent … | --transcript …`: an eval suite from a terminal or a CI job. */
export async function checkEvals(argv: string[]): Promise<void> {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        agent: { type: "string" },
        runs: { type: "string" },
        url: { type: "string" },
        key: { type: "string" },
        transcript: { type: "string", multiple: true },
        case: { type: "string" },
        "min-pass-rate": { type: "string" },
        junit: { type: "string" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new StartupError(`${(error as Error).message}\n${EVALS_USAGE}`);
  }
  const { values, positionals } = parsedArgs;
  if (values.help) return void process.stdout.write(EVALS_USAGE);
  if (positionals.length !== 1) throw new StartupError(`check needs exactly one eval suite file\n${EVALS_USAGE}`);
  const transcripts = values.transcript ?? [];
  if (values.agent !== undefined && transcripts.length > 0) throw new StartupError("give --agent (run against a stored agent) or --transcript (check recorded transcripts), not both");
  if (values.agent === undefined && values.runs !== undefined) throw new StartupError("--runs applies to --agent; with --transcript, each recorded transcript is one run");
  if (values.agent === undefined && (values.url !== undefined || values.key !== undefined)) throw new StartupError("--url and --key apply to --agent");
  if (values.agent !== undefined && values.case !== undefined) throw new StartupError("--case applies to --transcript; with --agent every case of the suite runs");

  const file = path.resolve(positionals[0]!);
  const suite = withThreshold(parseFile(file, "eval suite", evalSuiteSchema), minPassRateOf(values["min-pass-rate"]));
  const started = performance.now();
  const report = values.agent !== undefined ? await againstAgent(suite, values.agent, runsOf(values.runs), values.url, values.key) : await overTranscripts(suite, transcripts, values.case);
  const durationMs = performance.now() - started;

  process.stdout.write(`${formatReport(report)}\n`);
  if (values.junit) {
    const junitFile = path.resolve(values.junit);
    fs.mkdirSync(path.dirname(junitFile), { recursive: true });
    fs.writeFileSync(junitFile, toJUnit(evalReportAsCollection(report, durationMs)));
    process.stdout.write(`JUnit XML written to ${junitFile}\n`);
  }
  if (!report.ok) process.exitCode = 1;
}

async function againstAgent(suite: EvalSuite, agent: string, runs: number, url: string | undefined, key: string | undefined): Promise<EvalReport> {
  const baseUrl = url ?? defaultUrl();
  const client = new SwitchyardClient({ baseUrl, apiKey: key ?? defaultKey() });
  process.stdout.write(`running ${suite.cases.length} case(s) ${runs} time(s) each against agent ${agent} at ${baseUrl}\n`);
  try {
    return await client.agents.runEvals(agent, { suite, runs });
  } catch (error) {
    if (error instanceof SwitchyardError) throw new StartupError(`evals refused (HTTP ${error.status}): ${error.message}`);
    throw new StartupError(`could not reach Switchyard at ${baseUrl}: ${(error as Error).message}`);
  }
}

/** Each transcript is one run of its case; cases without a transcript are not checked (and said so). */
async function overTranscripts(suite: EvalSuite, files: string[], caseId: string | undefined): Promise<EvalReport> {
  const byCase = new Map<string, Transcript[]>();
  for (const name of files) {
    const file = path.resolve(name);
    const id = caseFor(suite, file, caseId);
    const value = readJsonFile(file);
    const recorded = Array.isArray(value) ? value.map((one, index) => parseValue(`${file} [${index}]`, "transcript", transcriptSchema, one)) : [parseValue(file, "transcript", transcriptSchema, value)];
    byCase.set(id, [...(byCase.get(id) ?? []), ...recorded]);
  }
  const skipped = suite.cases.filter((c) => !byCase.has(c.id)).map((c) => c.id);
  if (skipped.length > 0) process.stdout.write(`no transcript for ${skipped.join(", ")}: not checked\n`);
  const reports: EvalReport[] = [];
  for (const evalCase of suite.cases) {
    const recorded = byCase.get(evalCase.id);
    if (!recorded) continue;
    reports.push(await runEvals({ suite: { ...suite, cases: [evalCase] }, times: recorded.length, run: async (_, run) => recorded[run]! }));
  }
  const cases = reports.flatMap((report) => report.cases);
  const total = cases.reduce((sum, c) => sum + c.runs, 0);
  const passed = cases.reduce((sum, c) => sum + c.passed, 0);
  return { agent: suite.agent, runs: Math.max(...cases.map((c) => c.runs)), cases, passRate: total === 0 ? 0 : passed / total, ok: cases.every((c) => c.ok) };
}

/** The case a transcript file is for: --case, else the file's name when it is a case id, else the suite's only case. */
function caseFor(suite: EvalSuite, file: string, caseId: string | undefined): string {
  const ids = suite.cases.map((c) => c.id);
  if (caseId !== undefined) {
    if (!ids.includes(caseId)) throw new StartupError(`--case ${caseId}: the suite has no such case; its cases are ${ids.join(", ")}`);
    return caseId;
  }
  const named = path.basename(file).replace(/\.json$/i, "");
  if (ids.includes(named)) return named;
  if (ids.length === 1) return ids[0]!;
  throw new StartupError(`--transcript ${file}: name the case it is for with --case <id>, or name the file after it (the suite's cases: ${ids.join(", ")})`);
}

function withThreshold(suite: EvalSuite, minPassRate: number | undefined): EvalSuite {
  return minPassRate === undefined ? suite : { ...suite, cases: suite.cases.map((c) => ({ ...c, minPassRate })) };
}

function minPassRateOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new StartupError(`--min-pass-rate ${JSON.stringify(value)} is invalid: expected a share of runs from 0 to 1, e.g. --min-pass-rate 0.9`);
  return rate;
}

function runsOf(value: string | undefined): number {
  if (value === undefined) return 1;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new StartupError(`--runs ${JSON.stringify(value)} is invalid: expected a whole number from 1 to 20, e.g. --runs 5`);
  return runs;
}

function parseFile<S extends z.ZodType>(file: string, what: string, schema: S): z.output<S> {
  return parseValue(file, what, schema, readJsonFile(file));
}

/** The value, or every problem of it with its JSON path, e.g. `$.cases[0].checks[1].type: …`. */
function parseValue<S extends z.ZodType>(where: string, what: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
  throw new StartupError(`${where} is not a valid ${what}:\n  ${problems.join("\n  ")}`);
}
