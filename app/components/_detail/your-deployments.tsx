"use client";
import Link from "next/link";
import { useState } from "react";
import { EndpointList } from "../_deploy/endpoint-list.tsx";
import type { Endpoints } from "../_deploy/endpoints.ts";
import { benchHref } from "./bench-link.ts";

/** The caller's deployments of this component, each a click from the bench or its endpoints. */
export function YourDeployments({ deployments, onDeploy }: { deployments: Array<{ name: string; version: string; endpoints: Endpoints }>; onDeploy: () => void }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="mk-box" aria-label="Your deployments">
      <h3>Your deployments</h3>
      {deployments.length === 0 ? (
        <p className="muted mk-small">
          None yet.{" "}
          <button type="button" className="mk-link" onClick={onDeploy}>
            Deploy it
          </button>{" "}
          to call it through the gateway with an API key.
        </p>
      ) : (
        <ul className="mk-deployments">
          {deployments.map((deployment) => (
            <li key={deployment.name} data-deployment={deployment.name}>
              <div className="mk-deployment-row">
                <span className="mono">{deployment.name}</span>
                <span className="mk-version mono">v{deployment.version}</span>
              </div>
              <div className="mk-deployment-links mk-small">
                <Link href={benchHref(deployment.name)}>Open in bench</Link>
                <button type="button" className="mk-link" onClick={() => setOpen(open === deployment.name ? null : deployment.name)} aria-expanded={open === deployment.name}>
                  Endpoints
                </button>
              </div>
              {open === deployment.name ? <EndpointList endpoints={deployment.endpoints} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
