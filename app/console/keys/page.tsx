"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import { CreateKeyForm } from "./create-key-form.tsx";
import { KeyTable } from "./key-table.tsx";

export default function KeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.keys.list.queryOptions());
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() });
  const revoke = useMutation(trpc.keys.revoke.mutationOptions({ onSuccess: refresh }));

  if (keys.error?.data?.code === "UNAUTHORIZED") {
    return (
      <>
        <h1>API keys</h1>
        <p className="notice">{keys.error.message}</p>
      </>
    );
  }

  return (
    <>
      <h1>API keys</h1>
      <p className="lead">Keys let programs call your deployments through the gateway. A key’s secret is shown once, when you create it.</p>

      <section className="panel">
        <CreateKeyForm
          onCreated={(name, key) => {
            setCreated({ name, key });
            void refresh();
          }}
        />
        {created ? (
          <div className="notice" style={{ marginTop: 14 }} role="status">
            <strong>Key “{created.name}” created.</strong> Copy it now: it will not be shown again.
            <div className="secret">
              <code data-testid="new-key">{created.key}</code>
              <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(created.key)}>
                Copy
              </button>
              <button type="button" className="secondary" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        ) : null}
      </section>

      {keys.error ? <p className="error">Could not list keys: {keys.error.message}</p> : null}
      {revoke.error ? <p className="error">Could not revoke: {revoke.error.message}</p> : null}
      {keys.data ? <KeyTable keys={keys.data} onRevoke={(id) => revoke.mutate({ id })} revoking={revoke.isPending ? revoke.variables?.id : undefined} /> : <p className="empty">Loading keys…</p>}
    </>
  );
}
