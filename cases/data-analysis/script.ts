import type { ModelScriptInput } from "../../runner/agents/scripted/script.ts";

/**
 * The scripted model of the data-analysis case: the queries a careful analyst would run, written
 * down so that every run is the same (rules are tried in order; see runner/agents/scripted/script.ts).
 * Flows:
 *
 * - a budget decision: describe the sales data → monthly revenue per region (line chart) → total
 *   per region (bar chart) → first vs second half of the year (bar chart) → a recommendation that
 *   quotes the growth and the totals it rests on;
 * - a product's trend: revenue per month for one plan (line chart), first and last month quoted;
 * - an unknown dataset: the tool's error → list_datasets → the same question on the dataset that
 *   has the figure, and an answer that says what was missing;
 * - an unknown column: the tool's error → describe_dataset → an answer offering the columns that exist.
 */
const DECISION = "budget|invest|which region|recommend";
const SALES = "sales";
const REVENUE = [{ column: "revenue", agg: "sum" }];
const H1 = { from: "2025-01", to: "2025-06" };
const H2 = { from: "2025-07", to: "2025-12" };

const growth = (row: number, field: string) => `{{result.compare_periods.rows.${row}.${field}}}`;

export const dataAnalysisScript: ModelScriptInput = {
  id: "data-analysis",
  description: "Northwind analyst: budget decisions from level and trend, product trends, recovery from unknown datasets and columns.",
  fallback: "I can analyse Northwind's 2025 sales (by month, region and product plan) and marketing spend. Ask me, for example, which region should get more budget.",
  rules: [
    // A decision: level and trend, then a recommendation.
    { id: "decision-describe", when: { user: DECISION, notCalled: ["describe_dataset"] }, then: { call: [{ tool: "describe_dataset", args: { dataset: SALES } }] } },
    {
      id: "decision-monthly",
      when: { user: DECISION, called: ["describe_dataset"], notCalled: ["query"] },
      then: { call: [{ tool: "query", args: { dataset: SALES, groupBy: ["month", "region"], metrics: REVENUE } }] },
    },
    {
      id: "decision-totals",
      when: { user: DECISION, notCalled: ["compare_periods"], results: [{ tool: "query", path: "groupBy", equals: ["month", "region"] }] },
      then: {
        say: "Revenue rose in every region over the year, at different speeds. Now the totals per region:",
        call: [{ tool: "query", args: { dataset: SALES, groupBy: ["region"], metrics: REVENUE, orderBy: { column: "revenue_sum", direction: "desc" } } }],
      },
    },
    {
      id: "decision-compare",
      when: { user: DECISION, notCalled: ["compare_periods"], results: [{ tool: "query", path: "groupBy", equals: ["region"] }] },
      then: { call: [{ tool: "compare_periods", args: { dataset: SALES, metric: "revenue", by: "region", previous: H1, current: H2 } }] },
    },
    {
      id: "decision-recommend",
      when: { user: DECISION, called: ["compare_periods"] },
      then: {
        say: [
          `Recommendation: give the extra budget to ${growth(0, "region")}.`,
          `Its revenue grew ${growth(0, "changePct")}% from the first to the second half of 2025 (${growth(0, "previous")} → ${growth(0, "current")} EUR), the fastest of all regions; ${growth(1, "region")} follows at ${growth(1, "changePct")}%.`,
          "{{result.query.rows.0.region}} remains the largest region ({{result.query.rows.0.revenue_sum}} EUR in 2025), so keep its budget steady rather than cut it.",
          "Review the split after one quarter with the same comparison.",
        ].join(" "),
      },
    },

    // One plan's trend.
    {
      id: "plan-trend",
      when: { user: "(basic|pro|enterprise) plan", notCalled: ["query"] },
      then: { call: [{ tool: "query", args: { dataset: SALES, groupBy: ["month"], filters: [{ column: "product", op: "eq", value: "{{user.1}}" }], metrics: REVENUE } }] },
    },
    {
      id: "plan-trend-answer",
      when: { user: "(basic|pro|enterprise) plan", results: [{ tool: "query", path: "rows.11.month", equals: "2025-12" }] },
      then: {
        say: "The {{user.1}} plan earned {{result.query.rows.0.revenue_sum}} EUR in {{result.query.rows.0.month}} and {{result.query.rows.11.revenue_sum}} EUR in {{result.query.rows.11.month}}; the chart shows every month in between.",
      },
    },

    // A dataset that does not exist: say so, find the one that has the figure, answer from it.
    { id: "dataset-query", when: { user: "(\\w+) dataset", notCalled: ["query"] }, then: { call: [{ tool: "query", args: { dataset: "{{user.1}}", metrics: REVENUE } }] } },
    { id: "dataset-list", when: { user: "(\\w+) dataset", notCalled: ["list_datasets"], results: [{ tool: "query", isError: true }] }, then: { call: [{ tool: "list_datasets", args: {} }] } },
    {
      id: "dataset-retry",
      when: { user: "(\\w+) dataset", called: ["list_datasets"], results: [{ tool: "query", isError: true }] },
      then: { call: [{ tool: "query", args: { dataset: "{{result.list_datasets.datasets.0.name}}", metrics: REVENUE } }] },
    },
    {
      id: "dataset-answer",
      when: { user: "(\\w+) dataset", called: ["list_datasets", "query"], results: [{ tool: "query", path: "rows.0.revenue_sum", matches: "." }] },
      then: {
        say: "There is no {{user.1}} dataset; the datasets are {{result.list_datasets.datasets.0.name}} and {{result.list_datasets.datasets.1.name}}. Revenue is in {{result.query.dataset}}: {{result.query.rows.0.revenue_sum}} EUR in 2025.",
      },
    },

    // A column that does not exist: say so, and offer the ones there are.
    {
      id: "column-query",
      when: { user: "break (?:\\w+ )*?down .*by (\\w+)", notCalled: ["query"] },
      then: { call: [{ tool: "query", args: { dataset: SALES, groupBy: ["{{user.1}}"], metrics: REVENUE } }] },
    },
    {
      id: "column-describe",
      when: { notCalled: ["describe_dataset"], results: [{ tool: "query", isError: true, contains: "unknown column" }] },
      then: { call: [{ tool: "describe_dataset", args: { dataset: SALES } }] },
    },
    {
      id: "column-answer",
      when: { user: "by (\\w+)", called: ["describe_dataset"], results: [{ tool: "query", isError: true }] },
      then: {
        say: "I can't split revenue by {{user.1}}: the sales data has no such column. Its columns to split by are {{result.describe_dataset.columns.1.name}} and {{result.describe_dataset.columns.2.name}} (and {{result.describe_dataset.columns.0.name}} over time). Shall I break revenue down by one of those?",
      },
    },
  ],
};
