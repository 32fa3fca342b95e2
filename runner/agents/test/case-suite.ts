/**
 * The tests every case of the gallery passes, run from each case's own test file: its scripted
 * agent, run by the product's agent runtime, calls the case's real stdio MCP server(s) only through
 * a real gateway; each eval conversation must equal its golden transcript, and the evals must pass
 * in every run.
 *
 * Golden transcripts: <case goldenDir>/<eval case>.json. After a deliberate change of the script
 * or the server, rewrite them with UPDATE_GOLDEN=1 and review the diff.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDefinition } from "../../../cases/case.ts";
import { getAgent } from "../../../server/agents/agents-service.ts";
import { productAgentRuntime, startConversation } from "../../../server/agents/conversations-service.ts";
import { PrismaConversationStore } from "../../../server/agents/prisma-conversation-store.ts";
import { REPO_ROOT } from "../../gateway/test/harness.ts";
import { driveConversation } from "../evals/drive.ts";
import { formatReport, runEvals } from "../evals/run-evals.ts";
import { type EvalCase, evalSuiteSchema } from "../evals/suite.ts";
import type { Transcript } from "../evals/transcript.ts";
import type { AgentsHarness } from "./agents-harness.ts";
import { startCaseHarness } from "./case-harness.ts";

/** The case's scripted agent, golden transcripts and evals in a describe of its own, on a harness of its own. */
export function describeCase(c: CaseDefinition): void {
  let h: AgentsHarness;
  describe(`the ${c.id} case`, () => {
    beforeAll(async () => {
      h = await startCaseHarness(c);
    }, 120_000);

    afterAll(async () => {
      await h?.close();
    });

    goldenAndEvalTests(c, () => h);
  });
}

/** The two tests every case passes, on a harness where its servers are deployed and its agent defined. */
export function goldenAndEvalTests(c: CaseDefinition, harness: () => AgentsHarness, runs = 3): void {
  const suite = evalSuiteSchema.parse(c.evals);
  const goldenDir = path.join(REPO_ROOT, c.goldenDir);

  /** Plays one eval case in a fresh conversation of tenant A, through the product's services. */
  async function play(evalCase: EvalCase): Promise<Transcript> {
    const h = harness();
    const db = h.runtime.database.prisma;
    const { definition } = await getAgent({ db, tenantId: h.tenantId, id: c.agent.id });
    const conversation = await startConversation(h.runtime, { tenantId: h.tenantId, agent: definition.id, title: evalCase.id });
    return driveConversation({ runtime: productAgentRuntime(h.runtime), store: new PrismaConversationStore(db), definition, conversationId: conversation.id, conversation: evalCase.conversation });
  }

  it("plays every eval case exactly as its golden transcript", { timeout: 120_000 }, async () => {
    for (const evalCase of suite.cases) {
      const transcript = await play(evalCase);
      const file = path.join(goldenDir, `${evalCase.id}.json`);
      if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
      expect(fs.existsSync(file), `${file} is missing: run once with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(transcript, `${evalCase.id} differs from its golden transcript`).toEqual(JSON.parse(fs.readFileSync(file, "utf8")));
    }
  });

  it(`passes its evals in each of ${runs} runs`, { timeout: 180_000 }, async () => {
    const report = await runEvals({ suite, times: runs, run: (evalCase) => play(evalCase) });
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.cases.map((r) => [r.id, r.passed, r.runs])).toEqual(suite.cases.map((s) => [s.id, runs, runs]));
  });
}
