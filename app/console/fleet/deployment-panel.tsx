"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { FleetDeployment } from "../../../server/fleet/fleet-service.ts";
import { useTRPC } from "../../_trpc/client.ts";
import { ProcessTable } from "./process-table.tsx";

export function DeploymentPanel({ deployment }: { deployment: FleetDeployment }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.fleet.overview.queryKey() });
  const start = useMutation(trpc.fleet.start.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.fleet.stop.mutationOptions({ onSuccess: refresh }));
  const restart = useMutation(trpc.fleet.restart.mutationOptions({ onSuccess: refresh }));
  const scale = useMutation(trpc.fleet.scale.mutationOptions({ onSuccess: refresh }));
  const [min, setMin] = useState(String(deployment.pool.min));
  const [max, setMax] = useState(String(deployment.pool.max));
  const busy = start.isPending || stop.isPending || restart.isPending || scale.isPending;
  const error = start.error ?? stop.error ?? restart.error ?? scale.error;

  const quarantined = deployment.nodes.find((n) => n.state === "quarantined");
  const state = deployment.stopped ? "stopped" : quarantined ? "quarantined" : deployment.nodes.length > 0 ? "running" : "not running";
  const ready = deployment.nodes.reduce((sum, n) => sum + n.ready, 0);
  const leased = deployment.nodes.reduce((sum, n) => sum + n.leased, 0);
  const crashes = deployment.nodes.reduce((sum, n) => sum + n.crashes, 0);

  const submitScale = (event: FormEvent) => {
    event.preventDefault();
    scale.mutate({ name: deployment.name, min: Number(min), max: Number(max) });
  };

  return (
    <section className="panel" aria-label={`Deployment ${deployment.name}`} data-deployment={deployment.name}>
      <div className="panel-head">
        <div>
          <h3>{deployment.name}</h3>
          <div className="muted mono">
            {deployment.component}@{deployment.version}
          </div>
        </div>
        <span className={`badge badge-${state.replace(" ", "-")}`} data-testid="deployment-state">
          {state}
        </span>
      </div>
      <p className="figures">
        <span data-testid="ready">{ready} ready</span> · <span data-testid="leased">{leased} in sessions</span> · pool {deployment.pool.min}–{deployment.pool.max} ·{" "}
        <span data-testid="crashes">{crashes} crashes in the last minute</span>
      </p>
      {quarantined?.quarantine ? (
        <div className="notice" role="status">
          <strong>Quarantined:</strong> {quarantined.quarantine.reason}
          {quarantined.quarantine.stderr.length > 0 ? <pre>{quarantined.quarantine.stderr.join("\n")}</pre> : null}
        </div>
      ) : null}
      <div className="actions">
        {deployment.stopped ? (
          <button type="button" disabled={busy} onClick={() => start.mutate({ name: deployment.name })}>
            Start
          </button>
        ) : (
          <>
            <button type="button" className="secondary" disabled={busy} onClick={() => restart.mutate({ name: deployment.name })}>
              Restart
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => stop.mutate({ name: deployment.name })}>
              Stop
            </button>
          </>
        )}
        <form className="inline" onSubmit={submitScale} aria-label={`Scale ${deployment.name}`}>
          <label>
            Warm (min)
            <input value={min} onChange={(e) => setMin(e.target.value)} inputMode="numeric" className="narrow" />
          </label>
          <label>
            Max
            <input value={max} onChange={(e) => setMax(e.target.value)} inputMode="numeric" className="narrow" />
          </label>
          <button type="submit" className="secondary" disabled={busy}>
            Scale
          </button>
        </form>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <ProcessTable processes={deployment.processes} />
    </section>
  );
}
