"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../_trpc/client.ts";

/** The tenant's saved traces, newest first, each with its link and a delete. */
export function TraceList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const traces = useQuery(trpc.traces.list.queryOptions());
  const remove = useMutation(trpc.traces.delete.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.traces.list.queryKey() }) }));
  return (
    <div className="trace-page">
      <h1>Saved traces</h1>
      <p className="muted">Saved from a bench tab with “Save trace”; everyone signed in to this tenant’s console can open them. Credentials were redacted before saving.</p>
      {traces.isPending ? <p className="empty">Loading…</p> : null}
      {traces.error ? <p className="notice" role="alert">{traces.error.message}</p> : null}
      {traces.data && traces.data.length === 0 ? <p className="empty">No traces yet.</p> : null}
      <ul className="trace-list">
        {traces.data?.map((trace) => (
          <li key={trace.id}>
            <Link href={`/bench/traces/${trace.id}`}>{trace.name}</Link>{" "}
            <span className="muted small-print">{new Date(trace.createdAt).toLocaleString()}</span>{" "}
            <button type="button" className="link" disabled={remove.isPending} onClick={() => remove.mutate({ id: trace.id })} aria-label={`Delete the trace ${trace.name}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {remove.error ? <p className="field-error" role="alert">{remove.error.message}</p> : null}
    </div>
  );
}
