"use client";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Chart } from "../../../server/cases/tool-result-parts.ts";

const COLORS = ["#2f5bea", "#e8730c", "#137a3a", "#b42318", "#7c3aed", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d", "#9333ea", "#0f766e"];
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** A chart a tool result declared (structuredContent.chart), drawn with Recharts. */
export function ResultChart({ chart }: { chart: Chart }) {
  const tick = { fontSize: 12, fill: "#5c6370" };
  const value = (v: unknown) => (typeof v === "number" ? `${full.format(v)}${chart.unit ? ` ${chart.unit}` : ""}` : String(v));
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e5ea" />
      <XAxis dataKey={chart.x.key} tick={tick} />
      <YAxis tick={tick} width={56} tickFormatter={(v: number) => compact.format(v)} />
      <Tooltip formatter={(v) => value(v)} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <figure className="cs-chart" data-testid="result-chart" data-chart-type={chart.type}>
      <figcaption>
        {chart.title}
        {chart.unit && <span className="muted"> ({chart.unit})</span>}
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        {chart.type === "bar" ? (
          <BarChart data={chart.data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            {axes}
            {chart.series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.label ?? s.key} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart data={chart.data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            {axes}
            {chart.series.map((s, i) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.label ?? s.key} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}
