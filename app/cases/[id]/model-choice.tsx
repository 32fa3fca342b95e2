"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../_trpc/client.ts";

/** The model a run uses: the case's scripted model (default), or one of the tenant's endpoints. */
export type ModelChoice = { kind: "scripted" } | { kind: "own"; endpoint: string; model: string };

/** "Use my model": pick one of your OpenAI-compatible endpoints and a model id, or keep the scripted model. */
export function ModelChoicePicker({ choice, onChange, disabled }: { choice: ModelChoice; onChange: (choice: ModelChoice) => void; disabled: boolean }) {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.agents.endpoints.queryOptions());
  const names = endpoints.data?.map((e) => e.name) ?? [];
  return (
    <span className="cs-model-choice">
      <label>
        model
        <select
          aria-label="model"
          value={choice.kind === "own" ? choice.endpoint : ""}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === "" ? { kind: "scripted" } : { kind: "own", endpoint: e.target.value, model: choice.kind === "own" ? choice.model : "" })}
        >
          <option value="">scripted (deterministic)</option>
          {names.map((name) => (
            <option key={name} value={name}>
              my endpoint: {name}
            </option>
          ))}
        </select>
      </label>
      {choice.kind === "own" && (
        <label>
          model id
          <input aria-label="model id" className="mono" value={choice.model} placeholder="e.g. gpt-4o-mini" disabled={disabled} onChange={(e) => onChange({ ...choice, model: e.target.value })} />
        </label>
      )}
      {endpoints.data && names.length === 0 && <span className="muted">Save a model endpoint (agents.saveEndpoint) to run a case on your own model.</span>}
    </span>
  );
}
