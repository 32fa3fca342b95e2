"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import type { TimelineEntry } from "../../../server/bench/session/timeline.ts";
import { type TimelineSource, TimelinePanel } from "../timeline/timeline-panel.tsx";

/** A saved trace, read-only: where it connected (credentials redacted) and its timeline. */
export function TraceView({ id }: { id: string }) {
  const trpc = useTRPC();
  const trace = useQuery(trpc.traces.get.queryOptions({ id }));
  const source = useMemo<TimelineSource | undefined>(() => {
    if (!trace.data) return undefined;
    const entries = trace.data.messages as TimelineEntry[];
    return { subscribe: () => () => {}, snapshot: () => entries, dropped: 0, clear: () => {} };
  }, [trace.data]);
  if (trace.isPending) return <p className="empty">Loading the trace…</p>;
  if (trace.error) return <p className="notice" role="alert">This trace cannot be opened: {trace.error.message}</p>;
  const connection = trace.data.connection as { url?: string; transport?: string; revision?: string; headers?: Record<string, string> };
  return (
    <div className="trace-page">
      <div className="session-bar">
        <strong className="session-label" data-testid="trace-name">{trace.data.name}</strong>
        <span className="chip">read-only trace</span>
        {connection.transport ? <span className="chip">{connection.transport === "sse" ? "SSE" : "Streamable HTTP"}</span> : null}
        {connection.revision ? <span className="chip">{connection.revision}</span> : null}
        <code className="session-url" title={connection.url}>{connection.url}</code>
        <span className="muted small-print">saved {new Date(trace.data.createdAt).toLocaleString()}</span>
        <a className="small-print" href="/bench/traces">All traces</a>
      </div>
      {connection.headers && Object.keys(connection.headers).length ? (
        <p className="muted small-print">
          Headers: {Object.entries(connection.headers).map(([name, value]) => `${name}: ${value}`).join(" · ")}
        </p>
      ) : null}
      <div className="trace-timeline">{source ? <TimelinePanel timeline={source} readOnly /> : null}</div>
    </div>
  );
}
