"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import type { CreatedDeployment, EnvironmentVariable } from "../types.ts";
import { DeployForm } from "./deploy-form.tsx";
import { DeployResult } from "./deploy-result.tsx";
import { suggestedDeploymentName } from "./deployment-name.ts";

/** Deploy the shown version for the caller's tenant, then show where it answers. */
export function DeployPane(props: { component: string; version: string; latest: boolean; variables: EnvironmentVariable[]; deployable: boolean }) {
  if (!props.deployable) {
    return (
      <div className="mk-deploy">
        <h2>Deploy</h2>
        <p className="muted">This version is listed by its remote URL only: nothing runs here, so connect to it directly (its URLs are in the side panel).</p>
      </div>
    );
  }
  return <DeployablePane {...props} />;
}

function DeployablePane({ component, version, latest, variables }: { component: string; version: string; latest: boolean; variables: EnvironmentVariable[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.registry.component.queryOptions({ name: component }));
  const [created, setCreated] = useState<CreatedDeployment | null>(null);
  const [attempt, setAttempt] = useState(0);
  const taken = detail.data?.deployments.map((deployment) => deployment.name) ?? [];

  if (created) {
    return (
      <DeployResult
        created={created}
        onAnother={() => {
          setCreated(null);
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  return (
    <div className="mk-deploy">
      <h2>
        Deploy <span className="mono">{version}</span>
        {latest ? <span className="mk-chip mk-latest">latest</span> : null}
      </h2>
      <p className="muted">
        Runs this version on the fleet for your tenant, under its own name, behind the gateway’s streamable HTTP, SSE and WebSocket endpoints.
        {latest ? "" : " This is not the newest version: pick another in the version menu above to deploy it instead."}
      </p>
      <DeployForm
        key={`${version}:${attempt}`}
        component={component}
        version={version}
        variables={variables}
        suggestedName={suggestedDeploymentName(component, taken)}
        onDeployed={(result) => {
          setCreated(result);
          void queryClient.invalidateQueries({ queryKey: trpc.registry.component.queryKey({ name: component }) });
        }}
      />
    </div>
  );
}
