/**
 * The data-analysis server as a client sees it over stdio, and as the product runs it: from the
 * component store where npm linked it (a workspace of the project).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComponentStore } from "../../runner/agent/component-store.ts";
import { chartSchema } from "../../server/cases/tool-result-parts.ts";
import { DATA_ANALYSIS_PACKAGE, dataAnalysisManifest } from "./manifest.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(import.meta.dirname, "server/bin/data-analysis-mcp.mjs");

let client: Client;

beforeAll(async () => {
  client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], stderr: "pipe" }));
});

afterAll(async () => {
  await client?.close();
});

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ type: string; text: string }> };
const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;
const errorOf = async (name: string, args: Record<string, unknown>) => {
  const result = await call(name, args);
  expect(result.isError).toBe(true);
  return result.content[0]!.text;
};
const REVENUE = [{ column: "revenue", agg: "sum" }];

describe("the data-analysis server", () => {
  it("offers read-only tools, each with an output schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["compare_periods", "describe_dataset", "list_datasets", "query"]);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
  });

  it("lists and describes its datasets: dimensions with their values, measures with their range", async () => {
    const listed = (await call("list_datasets", {})).structuredContent as { datasets: Array<{ name: string; rows: number }> };
    expect(listed.datasets.map((d) => [d.name, d.rows])).toEqual([["sales", 144], ["marketing_spend", 144]]);
    const described = (await call("describe_dataset", { dataset: "sales" })).structuredContent as { columns: Array<{ name: string; values?: unknown[]; total?: number }> };
    expect(described.columns.find((c) => c.name === "region")?.values).toEqual(["East", "North", "South", "West"]);
    expect(described.columns.find((c) => c.name === "revenue")?.total).toBe(1999454);
  });

  it("groups, filters, aggregates and orders, with a bar chart per group and a line over months", async () => {
    const totals = await call("query", { dataset: "sales", groupBy: ["region"], metrics: REVENUE, orderBy: { column: "revenue_sum", direction: "desc" } });
    expect(JSON.parse(totals.content[0]!.text)).toEqual(totals.structuredContent);
    const data = totals.structuredContent as { rows: Array<Record<string, unknown>>; chart: unknown };
    expect(data.rows.map((r) => [r.region, r.revenue_sum])).toEqual([["North", 610992], ["West", 498502], ["South", 460608], ["East", 429352]]);
    expect(chartSchema.parse(data.chart)).toMatchObject({ type: "bar", x: { key: "region" }, series: [{ key: "revenue_sum" }], unit: "EUR" });

    const pro = (await call("query", { dataset: "sales", groupBy: ["month"], filters: [{ column: "product", op: "eq", value: "Pro" }, { column: "month", op: "between", value: ["2025-01", "2025-03"] }], metrics: [{ column: "units", agg: "sum" }] })).structuredContent as { rows: unknown[]; chart: { type: string } };
    expect(pro.rows).toHaveLength(3);
    expect(pro.chart.type).toBe("line");

    const perRegion = (await call("query", { dataset: "sales", groupBy: ["month", "region"], metrics: REVENUE })).structuredContent as { chart: { type: string; series: Array<{ key: string }>; data: unknown[] } };
    expect(perRegion.chart).toMatchObject({ type: "line", series: [{ key: "East" }, { key: "North" }, { key: "South" }, { key: "West" }] });
    expect(perRegion.chart.data).toHaveLength(12);

    const total = (await call("query", { dataset: "sales", metrics: [...REVENUE, { column: "units", agg: "count" }] })).structuredContent as { rows: unknown[]; chart?: unknown };
    expect(total.rows).toEqual([{ revenue_sum: 1999454, count: 144 }]);
    expect(total.chart).toBeUndefined();
  });

  it("compares two periods per group, largest growth first", async () => {
    const compared = (await call("compare_periods", { dataset: "sales", metric: "revenue", by: "region", previous: { from: "2025-01", to: "2025-06" }, current: { from: "2025-07", to: "2025-12" } })).structuredContent as {
      rows: Array<Record<string, unknown>>;
      chart: unknown;
    };
    expect(compared.rows[0]).toEqual({ region: "East", previous: 178027, current: 251325, change: 73298, changePct: 41.17 });
    expect(compared.rows.map((r) => r.region)).toEqual(["East", "South", "North", "West"]);
    expect(chartSchema.parse(compared.chart).series.map((s) => s.key)).toEqual(["previous", "current"]);
  });

  it("answers bad requests with errors that name the field and what exists", async () => {
    expect(await errorOf("query", { dataset: "crm", metrics: REVENUE })).toBe('No dataset "crm". The datasets are sales, marketing_spend; list_datasets describes them.');
    expect(await errorOf("query", { dataset: "sales", groupBy: ["colour"], metrics: REVENUE })).toBe(
      'groupBy: unknown column "colour" in dataset sales. Its columns are month, region, product (group or filter by these) and units, revenue (aggregate these).',
    );
    expect(await errorOf("query", { dataset: "sales", groupBy: ["revenue"], metrics: REVENUE })).toContain('groupBy: column "revenue" is a measure; expected a period or a dimension');
    expect(await errorOf("query", { dataset: "sales", metrics: [{ column: "region", agg: "sum" }] })).toContain('metrics: column "region" is a dimension; expected a measure');
    expect(await errorOf("query", { dataset: "sales", filters: [{ column: "region", op: "eq", value: "Mars" }], metrics: REVENUE })).toBe('filters: no region "Mars" in sales; the values are East, North, South, West.');
    expect(await errorOf("query", { dataset: "sales", metrics: REVENUE, orderBy: { column: "profit" } })).toBe('orderBy: "profit" is not in the result; order by one of revenue_sum.');
    expect(await errorOf("query", { dataset: "sales", metrics: [] })).toContain("ask for at least one metric");
    expect(await errorOf("query", { dataset: "sales", metrics: [{ column: "revenue", agg: "median" }] })).toMatch(/Invalid arguments for tool query: .*agg/);
    expect(await errorOf("compare_periods", { dataset: "sales", metric: "revenue", by: "region", previous: { from: "2024-01", to: "2024-06" }, current: { from: "2025-07", to: "2025-12" } })).toBe(
      "previous: 2024-01..2024-06 is outside the data; sales covers 2025-01 to 2025-12.",
    );
    expect(await errorOf("compare_periods", { dataset: "sales", metric: "revenue", by: "region", previous: { from: "2025-13", to: "2025-06" }, current: { from: "2025-07", to: "2025-12" } })).toContain("expected a month as YYYY-MM");
  });

  it("serves its datasets as resources", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["datasets://sales", "datasets://marketing_spend"]);
    const read = await client.readResource({ uri: "datasets://marketing_spend" });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toHaveLength(144);
  });
});

describe("the data-analysis server as the product runs it", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it("is used where npm linked it, with nothing to install", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-case-store-"));
    roots.push(root);
    const manifest = dataAnalysisManifest(REPO_ROOT);
    expect(manifest).toMatchObject({ name: "io.switchyard/data-analysis", packages: [{ identifier: DATA_ANALYSIS_PACKAGE, transport: { type: "stdio" } }] });
    await expect(new ComponentStore(root, REPO_ROOT).ensure(DATA_ANALYSIS_PACKAGE, manifest.version)).resolves.toBe(REPO_ROOT);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
