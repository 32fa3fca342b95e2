"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import type { CreatedDeployment, EnvironmentVariable } from "../types.ts";
import { EnvField } from "./env-field.tsx";
import { fieldErrorsOf } from "./server-errors.ts";

/**
 * The deploy form: a deployment name and one field per environment variable the version's
 * package declares. Blank fields are left out (the runner applies the manifest's defaults);
 * the server checks every value and answers with errors keyed by field.
 */
export function DeployForm({
  component,
  version,
  variables,
  suggestedName,
  onDeployed,
}: {
  component: string;
  version: string;
  variables: EnvironmentVariable[];
  suggestedName: string;
  onDeployed: (created: CreatedDeployment) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(suggestedName);
  const [values, setValues] = useState<Record<string, string>>({});
  // gcTime 0: the submitted values (secrets among them) leave the mutation cache with this form.
  const create = useMutation(trpc.deployments.create.mutationOptions({ onSuccess: onDeployed, gcTime: 0 }));
  const fieldErrors = fieldErrorsOf(create.error);
  const shown = new Set(["name", ...variables.map((variable) => `values.${variable.name}`)]);
  const unplaced = Object.entries(fieldErrors).filter(([field]) => !shown.has(field));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const set = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
    create.mutate({ name, component, version, values: set });
  };

  return (
    <form className="mk-deploy-form" onSubmit={submit} aria-label="Deploy" noValidate>
      <div className="mk-field" data-field="name">
        <label htmlFor="deployment-name" className="mk-field-label">
          Deployment name
        </label>
        <input
          id="deployment-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(fieldErrors.name)}
          aria-describedby="deployment-name-help"
          autoComplete="off"
          spellCheck={false}
          maxLength={63}
        />
        <div id="deployment-name-help" className="mk-field-help muted">
          Part of its endpoint URLs: letters, digits, “-” and “_”.
        </div>
        {fieldErrors.name ? (
          <div className="mk-field-error" role="alert" data-testid="error-name">
            {fieldErrors.name}
          </div>
        ) : null}
      </div>

      {variables.length === 0 ? (
        <p className="muted mk-small">This version needs no configuration.</p>
      ) : (
        <fieldset className="mk-env">
          <legend>Environment</legend>
          {variables.map((variable) => (
            <EnvField
              key={variable.name}
              variable={variable}
              value={values[variable.name] ?? ""}
              error={fieldErrors[`values.${variable.name}`]}
              onChange={(value) => setValues((current) => ({ ...current, [variable.name]: value }))}
            />
          ))}
          {variables.some((variable) => variable.isSecret) ? (
            <p className="muted mk-small">Secret values are stored encrypted, passed only to the server’s process, and never shown again — not here, not in the API.</p>
          ) : null}
        </fieldset>
      )}

      {create.error && (Object.keys(fieldErrors).length === 0 || unplaced.length > 0) ? (
        <p className="error" role="alert" data-testid="deploy-error">
          {unplaced.length > 0 ? unplaced.map(([field, message]) => `${field}: ${message}`).join("; ") : create.error.message}
        </p>
      ) : null}

      <div className="mk-deploy-actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? "Deploying…" : `Deploy ${version}`}
        </button>
        {create.isPending ? <span className="muted mk-small">Starting it on the node agents…</span> : null}
      </div>
    </form>
  );
}
