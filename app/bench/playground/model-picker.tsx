"use client";
import type { PlaygroundModelChoice } from "../../../server/bench/playground/wire.ts";

export interface EndpointOption {
  name: string;
  baseUrl: string;
}

const SCRIPTED = "scripted";

/** Which model a column talks to: the offline scripted model, or one of the tenant's endpoints with a model id. */
export function ModelPicker(props: { label: string; choice: PlaygroundModelChoice; endpoints: EndpointOption[] | undefined; endpointsError?: string | undefined; disabled: boolean; onChange: (choice: PlaygroundModelChoice) => void }) {
  const { label, choice, endpoints, endpointsError, disabled, onChange } = props;
  const selected = choice.kind === "scripted" ? SCRIPTED : `endpoint:${choice.endpoint}`;
  return (
    <div className="pg-model">
      <label className="pg-model-field">
        <span className="small-print muted">{label}</span>
        <select
          aria-label={label}
          value={selected}
          disabled={disabled}
          onChange={(event) => {
            const value = event.target.value;
            if (value === SCRIPTED) onChange({ kind: "scripted" });
            else onChange({ kind: "endpoint", endpoint: value.slice("endpoint:".length), model: choice.kind === "endpoint" ? choice.model : "" });
          }}
        >
          <option value={SCRIPTED}>Scripted playground model (offline)</option>
          {(endpoints ?? []).map((endpoint) => (
            <option key={endpoint.name} value={`endpoint:${endpoint.name}`}>
              Endpoint {endpoint.name} ({endpoint.baseUrl})
            </option>
          ))}
        </select>
      </label>
      {choice.kind === "endpoint" ? (
        <label className="pg-model-field">
          <span className="small-print muted">model id</span>
          <input aria-label={`${label}: model id`} value={choice.model} placeholder="e.g. gpt-4o-mini" disabled={disabled} onChange={(event) => onChange({ ...choice, model: event.target.value })} />
        </label>
      ) : null}
      {endpointsError ? <p className="small-print error">Your model endpoints could not be listed: {endpointsError}</p> : null}
    </div>
  );
}
