"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import { CompositionEditor } from "./composition-editor.tsx";
import { CompositionTable } from "./composition-table.tsx";
import type { CompositionView } from "./draft.ts";

export default function CompositionsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const compositions = useQuery(trpc.compositions.list.queryOptions());
  // The deployments that can be members: the fleet lists exactly those (composites apart).
  const fleet = useQuery(trpc.fleet.overview.queryOptions());
  const [editing, setEditing] = useState<CompositionView | null>(null);
  const [saved, setSaved] = useState<{ view: CompositionView; warnings: string[] } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.compositions.list.queryKey() });
  const remove = useMutation(trpc.compositions.delete.mutationOptions({ onSuccess: refresh }));

  if (compositions.error?.data?.code === "UNAUTHORIZED") {
    return (
      <>
        <h1>Compositions</h1>
        <p className="notice">{compositions.error.message}</p>
      </>
    );
  }

  const deployments = (fleet.data?.deployments ?? []).map((d) => ({ name: d.name, component: d.component, version: d.version }));

  return (
    <>
      <h1>Compositions</h1>
      <p className="lead">
        Offer several of your deployments as one MCP server: pick the members, give each a prefix so their tool names cannot clash, choose the tools
        to offer, rename them and pin arguments. The gateway serves a composite at one endpoint, with the same API keys, limits and usage as any
        deployment.
      </p>

      <section className="panel">
        {fleet.error ? <p className="error">Could not list your deployments: {fleet.error.message}</p> : null}
        <CompositionEditor
          key={editing?.name ?? "new"}
          editing={editing}
          deployments={deployments}
          onCancel={() => setEditing(null)}
          onSaved={(view, warnings) => {
            setSaved({ view, warnings });
            setEditing(null);
            void refresh();
          }}
        />
        {saved ? (
          <div className="notice saved" role="status">
            <strong>Composite “{saved.view.name}” saved.</strong> Call it at <code data-testid="saved-endpoint">{saved.view.endpoints.mcp}</code> with an{" "}
            <Link href="/console/keys">API key</Link> allowed to use “{saved.view.name}” (or every deployment). Sessions already open keep the members they
            started with.
            {saved.warnings.length > 0 ? (
              <ul>
                {saved.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            ) : null}
            <div className="secret">
              <button type="button" className="secondary" onClick={() => setSaved(null)}>
                Done
              </button>
            </div>
          </div>
        ) : null}
      </section>

      <h2>Your composites</h2>
      {compositions.error ? <p className="error">Could not list composites: {compositions.error.message}</p> : null}
      {remove.error ? <p className="error">Could not delete: {remove.error.message}</p> : null}
      {compositions.data ? (
        <CompositionTable
          compositions={compositions.data}
          onEdit={(view) => {
            setSaved(null);
            setEditing(view);
          }}
          onDelete={(name) => remove.mutate({ name })}
          deleting={remove.isPending ? remove.variables?.name : undefined}
        />
      ) : (
        <p className="empty">Loading composites…</p>
      )}
    </>
  );
}
