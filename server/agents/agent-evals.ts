import { z } from "zod";
import { driveConversation } from "../../runner/agents/evals/drive.ts";
import { type EvalReport, runEvals } from "../../runner/agents/evals/run-evals.ts";
import { evalSuiteSchema } from "../../runner/agents/evals/suite.ts";
import type { Runtime } from "../runtime-registry.ts";
import { getAgent } from "./agents-service.ts";
import { productAgentRuntime, startConversation } from "./conversations-service.ts";
import { PrismaConversationStore } from "./prisma-conversation-store.ts";

/** How many runs of each case one request may ask for: each run is a real conversation. */
export const MAX_AGENT_EVAL_RUNS = 20;

export const agentEvalsInput = z
  .object({
    /** An eval suite (runner/agents/evals/suite.ts); its `agent` is ignored: the suite runs against the agent named in the path. */
    suite: evalSuiteSchema,
    runs: z.number().int().min(1).max(MAX_AGENT_EVAL_RUNS, { error: `expected at most ${MAX_AGENT_EVAL_RUNS} runs per case` }).default(1),
  })
  .strict();

export type AgentEvalsInput = z.input<typeof agentEvalsInput>;

/**
 * Runs an eval suite against a stored agent of the tenant (its latest version), `runs` times per
 * case, each run a fresh conversation through the product's runtime and gateway, confirmations
 * answered as each case's conversation says. The agent must exist before anything runs.
 */
export async function runAgentEvals(runtime: Runtime, options: { tenantId: string; agentId: string; input: z.output<typeof agentEvalsInput> }): Promise<EvalReport> {
  const { tenantId, agentId, input } = options;
  const { definition } = await getAgent({ db: runtime.database.prisma, tenantId, id: agentId });
  const store = new PrismaConversationStore(runtime.database.prisma);
  const agentRuntime = productAgentRuntime(runtime);
  return runEvals({
    suite: { ...input.suite, agent: agentId },
    times: input.runs,
    run: async (evalCase, run) => {
      const conversation = await startConversation(runtime, { tenantId, agent: agentId, version: definition.version, title: `eval ${evalCase.id} #${run + 1}` });
      return driveConversation({ runtime: agentRuntime, store, definition, conversationId: conversation.id, conversation: evalCase.conversation });
    },
  });
}
