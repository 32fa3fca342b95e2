// The analyst's datasets and the operations on them, apart from MCP: seeded monthly tables (JSON
// beside the package) with declared columns, and group-by / filter / aggregate queries over them.
// Every answer is a pure function of the data and the arguments, so a scripted agent gets the
// same transcript each run. Invalid requests throw DataError with a sentence saying what to do.
import fs from "node:fs";
import path from "node:path";
import { chartOf } from "./chart.mjs";

const DATA_DIR = path.join(import.meta.dirname, "..", "data");

/** A request the agent can correct: becomes a tool result with isError and this message. */
export class DataError extends Error {}

/** Columns: a period (YYYY-MM), dimensions to group and filter by, measures to aggregate. */
const CATALOG = [
  {
    name: "sales",
    title: "Monthly sales",
    description: "Units sold and revenue (EUR) per month, region and product plan, January to December 2025.",
    columns: [
      { name: "month", kind: "period", description: "Calendar month, YYYY-MM" },
      { name: "region", kind: "dimension", description: "Sales region" },
      { name: "product", kind: "dimension", description: "Product plan" },
      { name: "units", kind: "measure", description: "Subscriptions sold", unit: "units" },
      { name: "revenue", kind: "measure", description: "Revenue", unit: "EUR" },
    ],
  },
  {
    name: "marketing_spend",
    title: "Marketing spend",
    description: "Marketing spend (EUR) per month, region and channel, January to December 2025.",
    columns: [
      { name: "month", kind: "period", description: "Calendar month, YYYY-MM" },
      { name: "region", kind: "dimension", description: "Sales region" },
      { name: "channel", kind: "dimension", description: "Marketing channel" },
      { name: "spend", kind: "measure", description: "Spend", unit: "EUR" },
    ],
  },
];

const AGGREGATES = {
  sum: (values) => values.reduce((sum, value) => sum + value, 0),
  avg: (values) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length),
  min: (values) => (values.length === 0 ? 0 : Math.min(...values)),
  max: (values) => (values.length === 0 ? 0 : Math.max(...values)),
  count: (values) => values.length,
};

export const AGGREGATE_NAMES = Object.keys(AGGREGATES);

const round = (value) => Math.round(value * 100) / 100;

export class Analyst {
  constructor() {
    this.tables = new Map(CATALOG.map((table) => [table.name, { ...table, rows: JSON.parse(fs.readFileSync(path.join(DATA_DIR, `${table.name}.json`), "utf8")) }]));
  }

  listDatasets() {
    return {
      datasets: [...this.tables.values()].map((t) => ({ name: t.name, title: t.title, description: t.description, rows: t.rows.length, columns: t.columns.map((c) => c.name) })),
    };
  }

  describe(datasetName) {
    const table = this.table(datasetName);
    return {
      dataset: table.name,
      title: table.title,
      description: table.description,
      rows: table.rows.length,
      columns: table.columns.map((column) => {
        const values = table.rows.map((row) => row[column.name]);
        if (column.kind === "measure") return { ...column, min: Math.min(...values), max: Math.max(...values), total: AGGREGATES.sum(values) };
        return { ...column, values: [...new Set(values)].sort() };
      }),
    };
  }

  query({ dataset, groupBy = [], filters = [], metrics, orderBy, limit = 50 }) {
    const table = this.table(dataset);
    for (const column of groupBy) this.column(table, column, ["period", "dimension"], "groupBy");
    const rows = this.filter(table, filters);
    const named = metrics.map((metric) => ({ ...metric, name: this.metricName(table, metric) }));
    const groups = new Map();
    for (const row of rows) {
      const key = JSON.stringify(groupBy.map((column) => row[column]));
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(row);
    }
    if (groupBy.length === 0 && groups.size === 0) groups.set("[]", []);
    let result = [...groups.entries()].map(([key, members]) => {
      const out = Object.fromEntries(groupBy.map((column, i) => [column, JSON.parse(key)[i]]));
      for (const metric of named) out[metric.name] = round(AGGREGATES[metric.agg](metric.agg === "count" ? members : members.map((row) => row[metric.column])));
      return out;
    });
    result = this.order(result, groupBy, named, orderBy);
    const rowCount = result.length;
    result = result.slice(0, limit);
    const chart = chartOf({ table, groupBy, metrics: named, rows: result });
    return { dataset: table.name, groupBy, metrics: named.map((m) => m.name), rows: result, rowCount, ...(chart ? { chart } : {}) };
  }

  /** One measure per group in two periods, ranked by relative change (largest growth first). */
  comparePeriods({ dataset, metric, by, previous, current }) {
    const table = this.table(dataset);
    this.column(table, metric, ["measure"], "metric");
    this.column(table, by, ["dimension"], "by");
    const period = table.columns.find((c) => c.kind === "period");
    for (const [label, range] of [["previous", previous], ["current", current]]) {
      if (range.from > range.to) throw new DataError(`${label}: from (${range.from}) is after to (${range.to}).`);
      const months = table.rows.map((row) => row[period.name]);
      if (!months.includes(range.from) || !months.includes(range.to)) {
        throw new DataError(`${label}: ${range.from}..${range.to} is outside the data; ${table.name} covers ${months.reduce((a, b) => (a < b ? a : b))} to ${months.reduce((a, b) => (a > b ? a : b))}.`);
      }
    }
    const total = (range, group) =>
      AGGREGATES.sum(table.rows.filter((row) => row[by] === group && row[period.name] >= range.from && row[period.name] <= range.to).map((row) => row[metric]));
    const groups = [...new Set(table.rows.map((row) => row[by]))].sort();
    const rows = groups
      .map((group) => {
        const before = total(previous, group);
        const after = total(current, group);
        return { [by]: group, previous: before, current: after, change: after - before, changePct: before === 0 ? 0 : round(((after - before) / before) * 100) };
      })
      .sort((a, b) => b.changePct - a.changePct || String(a[by]).localeCompare(String(b[by])));
    const unit = table.columns.find((c) => c.name === metric).unit;
    return {
      dataset: table.name,
      metric,
      by,
      previous,
      current,
      rows,
      chart: {
        type: "bar",
        title: `${metric} by ${by}: ${previous.from}..${previous.to} vs ${current.from}..${current.to}`,
        x: { key: by, label: by },
        series: [
          { key: "previous", label: `${previous.from}..${previous.to}` },
          { key: "current", label: `${current.from}..${current.to}` },
        ],
        ...(unit ? { unit } : {}),
        data: rows.map((row) => ({ [by]: row[by], previous: row.previous, current: row.current })),
      },
    };
  }

  table(name) {
    const table = this.tables.get(name);
    if (!table) throw new DataError(`No dataset "${name}". The datasets are ${[...this.tables.keys()].join(", ")}; list_datasets describes them.`);
    return table;
  }

  column(table, name, kinds, field) {
    const column = table.columns.find((c) => c.name === name);
    if (!column) {
      throw new DataError(`${field}: unknown column "${name}" in dataset ${table.name}. Its columns are ${this.columnList(table)}.`);
    }
    if (!kinds.includes(column.kind)) {
      throw new DataError(`${field}: column "${name}" is a ${column.kind}; expected ${kinds.map((k) => `a ${k}`).join(" or ")} (${this.columnList(table)}).`);
    }
    return column;
  }

  columnList(table) {
    const names = (kinds) => table.columns.filter((c) => kinds.includes(c.kind)).map((c) => c.name).join(", ");
    return `${names(["period", "dimension"])} (group or filter by these) and ${names(["measure"])} (aggregate these)`;
  }

  metricName(table, { column, agg }) {
    if (agg === "count") return "count";
    this.column(table, column, ["measure"], "metrics");
    return `${column}_${agg}`;
  }

  filter(table, filters) {
    let rows = table.rows;
    for (const { column, op, value } of filters) {
      const declared = this.column(table, column, ["period", "dimension"], "filters");
      const known = new Set(table.rows.map((row) => row[column]));
      if (op === "between" && (!Array.isArray(value) || value.length !== 2)) throw new DataError(`filters: "between" on ${column} expects [from, to].`);
      if (op === "in" && !Array.isArray(value)) throw new DataError(`filters: "in" on ${column} expects a list of values.`);
      const values = Array.isArray(value) ? value : [value];
      if (declared.kind === "dimension") {
        const unknown = values.filter((v) => !known.has(v));
        if (unknown.length > 0) throw new DataError(`filters: no ${column} ${unknown.map((v) => JSON.stringify(v)).join(", ")} in ${table.name}; the values are ${[...known].sort().join(", ")}.`);
      }
      if (op === "eq") rows = rows.filter((row) => row[column] === value);
      else if (op === "in") rows = rows.filter((row) => value.includes(row[column]));
      else rows = rows.filter((row) => row[column] >= value[0] && row[column] <= value[1]);
    }
    return rows;
  }

  order(rows, groupBy, metrics, orderBy) {
    if (!orderBy) return rows.sort((a, b) => groupBy.map((c) => String(a[c]).localeCompare(String(b[c]))).find((d) => d !== 0) ?? 0);
    const keys = [...groupBy, ...metrics.map((m) => m.name)];
    if (!keys.includes(orderBy.column)) throw new DataError(`orderBy: "${orderBy.column}" is not in the result; order by one of ${keys.join(", ")}.`);
    const sign = orderBy.direction === "desc" ? -1 : 1;
    return rows.sort((a, b) => {
      const x = a[orderBy.column];
      const y = b[orderBy.column];
      return sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)));
    });
  }
}
