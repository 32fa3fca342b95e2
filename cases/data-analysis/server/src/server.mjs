// The analyst as an MCP server: read-only tools over seeded datasets. Results carry
// structuredContent that matches each tool's outputSchema, and a `chart` (see chart.mjs) where the
// numbers make one, so clients can draw them.
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { chartSchema } from "./chart.mjs";
import { AGGREGATE_NAMES, Analyst, DataError } from "./datasets.mjs";

const READ_ONLY = { readOnlyHint: true, openWorldHint: false, idempotentHint: true };
const DATASET = z.string().min(1).max(64).describe("Dataset name, e.g. sales (list_datasets lists them)");
const COLUMN = z.string().min(1).max(64);
const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "expected a month as YYYY-MM, e.g. 2025-07" });
const CELL = z.union([z.string(), z.number()]);
const ROW = z.record(z.string(), CELL);

const answer = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value });

/** DataErrors become tool errors the agent can read and act on; anything else is a bug and propagates. */
function run(operation) {
  try {
    return answer(operation());
  } catch (error) {
    if (error instanceof DataError) return { content: [{ type: "text", text: error.message }], isError: true };
    throw error;
  }
}

export function createAnalystServer() {
  const analyst = new Analyst();
  const server = new McpServer(
    { name: "data-analysis", version: "1.0.0", title: "Northwind analytics" },
    {
      instructions:
        "Monthly sales and marketing figures of Northwind Software for 2025. Describe a dataset before querying it; quote the numbers the tools return; every query and comparison result may carry a chart.",
    },
  );

  server.registerTool(
    "list_datasets",
    {
      title: "List datasets",
      description: "The datasets you can query, with their columns and row counts.",
      inputSchema: {},
      outputSchema: { datasets: z.array(z.object({ name: z.string(), title: z.string(), description: z.string(), rows: z.number(), columns: z.array(z.string()) })) },
      annotations: READ_ONLY,
    },
    () => run(() => analyst.listDatasets()),
  );

  server.registerTool(
    "describe_dataset",
    {
      title: "Describe a dataset",
      description: "A dataset's columns: the period and dimensions (with their values) to group and filter by, and the measures (with min, max, total) to aggregate.",
      inputSchema: { dataset: DATASET },
      outputSchema: {
        dataset: z.string(),
        title: z.string(),
        description: z.string(),
        rows: z.number(),
        columns: z.array(
          z.object({
            name: z.string(),
            kind: z.enum(["period", "dimension", "measure"]),
            description: z.string(),
            unit: z.string().optional(),
            values: z.array(CELL).optional(),
            min: z.number().optional(),
            max: z.number().optional(),
            total: z.number().optional(),
          }),
        ),
      },
      annotations: READ_ONLY,
    },
    ({ dataset }) => run(() => analyst.describe(dataset)),
  );

  server.registerTool(
    "query",
    {
      title: "Query a dataset",
      description:
        "Aggregates a dataset: filter rows, group by up to two columns (period or dimensions), and compute metrics (sum, avg, min, max, count of a measure). Metric columns in the result are named <column>_<agg>, e.g. revenue_sum. Returns a chart when grouped.",
      inputSchema: {
        dataset: DATASET,
        groupBy: z.array(COLUMN).max(2).default([]).describe("Columns to group by, e.g. [\"region\"] or [\"month\", \"region\"]"),
        filters: z
          .array(
            z.object({
              column: COLUMN,
              op: z.enum(["eq", "in", "between"]),
              value: z.union([CELL, z.array(CELL).min(1).max(50)]).describe("A value (eq), a list (in), or [from, to] (between)"),
            }),
          )
          .max(5)
          .default([]),
        metrics: z
          .array(z.object({ column: COLUMN.describe("A measure, e.g. revenue"), agg: z.enum(AGGREGATE_NAMES) }))
          .min(1, { error: "ask for at least one metric, e.g. {column: \"revenue\", agg: \"sum\"}" })
          .max(4),
        orderBy: z.object({ column: COLUMN, direction: z.enum(["asc", "desc"]).default("asc") }).optional().describe("A group column or a metric name, e.g. revenue_sum"),
        limit: z.number().int().min(1).max(200).default(50),
      },
      outputSchema: { dataset: z.string(), groupBy: z.array(z.string()), metrics: z.array(z.string()), rows: z.array(ROW), rowCount: z.number(), chart: chartSchema.optional() },
      annotations: READ_ONLY,
    },
    (input) => run(() => analyst.query(input)),
  );

  const RANGE = z.object({ from: MONTH, to: MONTH });
  server.registerTool(
    "compare_periods",
    {
      title: "Compare two periods",
      description: "The total of a measure per value of a dimension in two periods, with the change and the change in percent, largest growth first. Returns a bar chart.",
      inputSchema: {
        dataset: DATASET,
        metric: COLUMN.describe("A measure, e.g. revenue"),
        by: COLUMN.describe("A dimension, e.g. region"),
        previous: RANGE.describe("The earlier period, e.g. {from: \"2025-01\", to: \"2025-06\"}"),
        current: RANGE.describe("The later period"),
      },
      outputSchema: {
        dataset: z.string(),
        metric: z.string(),
        by: z.string(),
        previous: RANGE,
        current: RANGE,
        rows: z.array(ROW),
        chart: chartSchema,
      },
      annotations: READ_ONLY,
    },
    (input) => run(() => analyst.comparePeriods(input)),
  );

  server.registerResource(
    "dataset",
    new ResourceTemplate("datasets://{name}", {
      list: () => ({ resources: analyst.listDatasets().datasets.map((d) => ({ uri: `datasets://${d.name}`, name: d.name, title: d.title, mimeType: "application/json" })) }),
    }),
    { title: "Dataset", description: "A dataset's rows as JSON", mimeType: "application/json" },
    (uri, { name }) => {
      const table = analyst.table(String(name));
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(table.rows) }] };
    },
  );

  return server;
}
