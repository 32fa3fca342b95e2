// The chartable result this server declares: structuredContent.chart, drawn by any client that
// understands it (the Switchyard case page draws it with a chart library). A query grouped by one
// column charts each metric per group (a line over months, bars otherwise); grouped by month and
// one more column, it charts the first metric as one line per value of that column.
import { z } from "zod";

const CELL = z.union([z.string(), z.number()]);

export const chartSchema = z.object({
  type: z.enum(["bar", "line"]),
  title: z.string(),
  x: z.object({ key: z.string(), label: z.string() }),
  series: z.array(z.object({ key: z.string(), label: z.string() })).min(1).max(12),
  unit: z.string().optional(),
  data: z.array(z.record(z.string(), CELL)).max(500),
});

export function chartOf({ table, groupBy, metrics, rows }) {
  if (rows.length === 0 || groupBy.length === 0 || groupBy.length > 2) return undefined;
  const kindOf = (name) => table.columns.find((c) => c.name === name)?.kind;
  const unitOf = (metric) => table.columns.find((c) => c.name === metric.column)?.unit;
  const [x, split] = groupBy;
  const title = `${metrics.map((m) => m.name).join(", ")} by ${groupBy.join(" and ")}`;
  if (split === undefined) {
    const unit = unitOf(metrics[0]);
    return {
      type: kindOf(x) === "period" ? "line" : "bar",
      title,
      x: { key: x, label: x },
      series: metrics.map((m) => ({ key: m.name, label: m.name })),
      ...(unit ? { unit } : {}),
      data: rows.map((row) => Object.fromEntries([x, ...metrics.map((m) => m.name)].map((key) => [key, row[key]]))),
    };
  }
  if (kindOf(x) !== "period") return undefined;
  const metric = metrics[0];
  const values = [...new Set(rows.map((row) => String(row[split])))].sort().slice(0, 12);
  const byX = new Map();
  for (const row of rows) {
    if (!byX.has(row[x])) byX.set(row[x], { [x]: row[x] });
    if (values.includes(String(row[split]))) byX.get(row[x])[String(row[split])] = row[metric.name];
  }
  const unit = unitOf(metric);
  return {
    type: "line",
    title: `${metric.name} by ${x}, one line per ${split}`,
    x: { key: x, label: x },
    series: values.map((value) => ({ key: value, label: value })),
    ...(unit ? { unit } : {}),
    data: [...byX.values()].sort((a, b) => String(a[x]).localeCompare(String(b[x]))),
  };
}
