import type { EvalSuiteInput } from "../../runner/agents/evals/suite.ts";

/**
 * What the analyst must do, checked over its transcripts: query before answering, ground the
 * recommendation in the figures it queried, and recover from a dataset or column that does not
 * exist with a clear answer instead of a guess.
 */
export const dataAnalysisEvals: EvalSuiteInput = {
  agent: "data-analysis",
  cases: [
    {
      id: "regional-budget",
      description: "Which region gets the extra budget: level and trend queried and charted, then a recommendation with the numbers.",
      conversation: [{ user: "Which region should get the extra marketing budget next quarter? Base it on our 2025 sales." }],
      checks: [
        { type: "first_tool", tool: "describe_dataset" },
        { type: "tool_called", tool: "query", args: { dataset: "sales", groupBy: ["month", "region"] } },
        { type: "tool_called", tool: "query", args: { dataset: "sales", groupBy: ["region"], orderBy: { column: "revenue_sum", direction: "desc" } } },
        { type: "tool_called", tool: "compare_periods", args: { dataset: "sales", metric: "revenue", by: "region" } },
        { type: "response_matches", pattern: "^Recommendation: give the extra budget to East\\." },
        { type: "response_contains", text: "41.17%" },
        { type: "response_contains", text: "178027 → 251325 EUR" },
        { type: "response_contains", text: "North remains the largest region (610992 EUR in 2025)" },
        { type: "no_tool_errors" },
        { type: "stop_reason", reason: "completed" },
        { type: "max_tokens", max: 40_000 },
      ],
    },
    {
      id: "plan-trend",
      description: "One plan month by month: a filtered query drawn as a line, first and last month quoted.",
      conversation: [{ user: "How did the Pro plan sell month by month in 2025?" }],
      checks: [
        { type: "tool_called", tool: "query", args: { groupBy: ["month"], filters: [{ column: "product", op: "eq", value: "Pro" }] } },
        { type: "response_matches", pattern: "Pro plan earned \\d+ EUR in 2025-01 and \\d+ EUR in 2025-12" },
        { type: "no_tool_errors" },
        { type: "max_turns", max: 1 },
      ],
    },
    {
      id: "unknown-dataset",
      description: "A dataset that does not exist: the tool's error, a look at the datasets there are, and the figure from the right one.",
      conversation: [{ user: "What was our total revenue in the crm dataset?" }],
      checks: [
        { type: "first_tool", tool: "query" },
        { type: "tool_called", tool: "query", args: { dataset: "crm" } },
        { type: "tool_called", tool: "list_datasets" },
        { type: "tool_called", tool: "query", args: { dataset: "sales" } },
        { type: "response_contains", text: "There is no crm dataset" },
        { type: "response_contains", text: "1999454 EUR" },
        { type: "stop_reason", reason: "completed" },
      ],
    },
    {
      id: "unknown-column",
      description: "A column that does not exist: no guessing — the error is explained and the real columns offered.",
      conversation: [{ user: "Break down 2025 revenue by colour." }],
      checks: [
        { type: "tool_called", tool: "query", args: { groupBy: ["colour"] } },
        { type: "tool_called", tool: "describe_dataset", args: { dataset: "sales" } },
        { type: "tool_not_called", tool: "compare_periods" },
        { type: "response_contains", text: "can't split revenue by colour" },
        { type: "response_contains", text: "region and product" },
        { type: "stop_reason", reason: "completed" },
      ],
    },
  ],
};
