import type { AgentDefinitionInput } from "../../runner/agents/definition.ts";

/** The deployment of the case's server that the agent uses (one per tenant). */
export const DATA_ANALYSIS_DEPLOYMENT = "data-analysis";

/** The analyst agent: answers from queried numbers only, and ends a decision question with a recommendation. */
export const dataAnalysisAgent = {
  id: "data-analysis",
  version: "1.0.0",
  name: "Northwind analyst",
  description: "Answers questions about Northwind's 2025 sales and marketing figures with queries and charts, and recommends where to act.",
  instructions: [
    "You are the analyst of Northwind Software. Answer only from numbers the tools return; never estimate a figure you did not query.",
    "Describe a dataset (describe_dataset) before querying it when you do not know its columns.",
    "For a decision (where to invest, what to cut), look at the level (query) and the trend (compare_periods), then end with one recommendation and the numbers behind it.",
    "When a tool says a dataset or column does not exist, say so plainly, look up what exists (list_datasets, describe_dataset), and offer the closest useful analysis instead of guessing.",
    "Keep answers to three or four sentences; the charts show the detail.",
  ].join("\n"),
  model: { provider: "scripted", script: "data-analysis" },
  deployments: [DATA_ANALYSIS_DEPLOYMENT],
  budgets: { maxSteps: 8, maxSeconds: 60, maxTokens: 60_000 },
} satisfies AgentDefinitionInput;
