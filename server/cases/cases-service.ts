import fs from "node:fs/promises";
import path from "node:path";
import { CASES } from "../../cases/index.ts";
import { type CheckResult, checkTranscript } from "../../runner/agents/evals/checks.ts";
import { driveConversation } from "../../runner/agents/evals/drive.ts";
import { type EvalReport, runEvals } from "../../runner/agents/evals/run-evals.ts";
import { readTranscript } from "../../runner/agents/evals/transcript.ts";
import { getAgent } from "../agents/agents-service.ts";
import { type OwnModelChoice, ownModelSpec } from "../agents/conversation-model.ts";
import { getConversation, productAgentRuntime, startConversation } from "../agents/conversations-service.ts";
import { PrismaConversationStore } from "../agents/prisma-conversation-store.ts";
import { AppError } from "../errors.ts";
import type { Runtime } from "../runtime-registry.ts";
import { type DocsBlock, docsBlocks } from "./docs-blocks.ts";
import { type CaseSummary, type ScenarioView, findCase, findScenario, scenariosOf, suiteOf, summarizeCase } from "./case-catalog.ts";

export interface CaseDetail extends Omit<CaseSummary, "scenarios"> {
  /** The docs page's Markdown, its tables cut out (docs-blocks.ts). */
  blocks: DocsBlock[];
  scenarios: ScenarioView[];
}

/** How many runs of each scenario one "Run evals" may ask for: each run is a real conversation. */
export const MAX_EVAL_RUNS = 10;

export function listCases(runtime: Runtime): CaseSummary[] {
  return CASES.map((c) => summarizeCase(c, runtime.projectRoot));
}

export async function getCase(runtime: Runtime, options: { id: string }): Promise<CaseDetail> {
  const c = findCase(options.id);
  const markdown = await fs.readFile(path.join(runtime.projectRoot, c.docs), "utf8");
  return { ...summarizeCase(c, runtime.projectRoot), scenarios: scenariosOf(c), blocks: docsBlocks(markdown) };
}

/**
 * Starts a run of one scenario: a new conversation with the case's agent (as the tenant defined
 * it), on the scripted model or — "use my model" — on one of the tenant's OpenAI-compatible
 * endpoints. The page then plays the scenario's messages through the streaming turn endpoint, and
 * the user answers the confirmations and the servers' questions.
 */
export async function startScenarioRun(runtime: Runtime, options: { tenantId: string; caseId: string; scenarioId: string; model?: OwnModelChoice }) {
  const c = findCase(options.caseId);
  const scenario = findScenario(c, options.scenarioId);
  const model = options.model ? await ownModelSpec(runtime, options.tenantId, options.model) : undefined;
  const on = options.model ? ` on ${options.model.endpoint}/${options.model.model}` : "";
  const conversation = await startConversation(runtime, { tenantId: options.tenantId, agent: c.agent.id, title: `${c.title}: ${scenario.id}${on}`, ...(model ? { model } : {}) });
  return { conversationId: conversation.id, scenario: scenarioOf(c, scenario.id) };
}

function scenarioOf(c: ReturnType<typeof findCase>, id: string): ScenarioView {
  return scenariosOf(c).find((s) => s.id === id)!;
}

/** The scenario's checks over a conversation of the tenant, as it stands now. */
export async function checkScenarioRun(runtime: Runtime, options: { tenantId: string; caseId: string; scenarioId: string; conversationId: string }): Promise<Array<Omit<CheckResult, "check">>> {
  const scenario = findScenario(findCase(options.caseId), options.scenarioId);
  await getConversation(runtime, { tenantId: options.tenantId, id: options.conversationId }); // the tenant's own, or NOT_FOUND
  const transcript = await readTranscript(new PrismaConversationStore(runtime.database.prisma), options.conversationId);
  return checkTranscript(transcript, scenario.checks).map(({ label, pass, message }) => ({ label, pass, message }));
}

/**
 * Runs the case's eval suite `times` times (or one scenario of it), each run a fresh conversation
 * through the product's runtime and gateway, the confirmations answered as the scenario says.
 */
export async function runCaseEvals(runtime: Runtime, options: { tenantId: string; caseId: string; times: number; scenarioId?: string }): Promise<EvalReport> {
  if (!Number.isInteger(options.times) || options.times < 1 || options.times > MAX_EVAL_RUNS) {
    throw new AppError("BAD_REQUEST", `times: expected a whole number from 1 to ${MAX_EVAL_RUNS}, got ${options.times}`);
  }
  const c = findCase(options.caseId);
  const full = suiteOf(c);
  const suite = options.scenarioId ? { ...full, cases: [findScenario(c, options.scenarioId)] } : full;
  const { definition } = await getAgent({ db: runtime.database.prisma, tenantId: options.tenantId, id: c.agent.id });
  const store = new PrismaConversationStore(runtime.database.prisma);
  const agentRuntime = productAgentRuntime(runtime);
  return runEvals({
    suite,
    times: options.times,
    run: async (evalCase, run) => {
      const conversation = await startConversation(runtime, { tenantId: options.tenantId, agent: c.agent.id, title: `${c.title}: eval ${evalCase.id} #${run + 1}` });
      return driveConversation({ runtime: agentRuntime, store, definition, conversationId: conversation.id, conversation: evalCase.conversation });
    },
  });
}
