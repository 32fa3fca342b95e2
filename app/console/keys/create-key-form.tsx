"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";

export function CreateKeyForm({ onCreated }: { onCreated: (name: string, key: string) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState("*");
  const [rateLimit, setRateLimit] = useState("600");
  const [dailyQuota, setDailyQuota] = useState("");
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: (result) => {
        onCreated(result.view.name, result.key);
        setName("");
      },
    }),
  );
  const fieldErrors = (create.error?.data as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name,
      scopes: scopes.split(",").map((s) => s.trim()).filter(Boolean),
      rateLimitPerMinute: Number(rateLimit),
      dailyQuota: dailyQuota.trim() === "" ? undefined : Number(dailyQuota),
    });
  };

  return (
    <form className="inline" onSubmit={submit} aria-label="Create an API key">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="ci-runner" aria-invalid={Boolean(fieldErrors.name)} />
      </label>
      <label>
        Deployments (comma-separated, * for all)
        <input value={scopes} onChange={(e) => setScopes(e.target.value)} aria-invalid={Object.keys(fieldErrors).some((f) => f.startsWith("scopes"))} />
      </label>
      <label>
        Calls per minute
        <input value={rateLimit} onChange={(e) => setRateLimit(e.target.value)} inputMode="numeric" aria-invalid={Boolean(fieldErrors.rateLimitPerMinute)} />
      </label>
      <label>
        Calls per day
        <input value={dailyQuota} onChange={(e) => setDailyQuota(e.target.value)} inputMode="numeric" placeholder="unlimited" aria-invalid={Boolean(fieldErrors.dailyQuota)} />
      </label>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create key"}
      </button>
      {create.error ? (
        <p className="error" role="alert" style={{ flexBasis: "100%" }}>
          {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
