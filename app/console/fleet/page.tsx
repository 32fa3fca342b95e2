"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../_trpc/client.ts";
import { DeploymentPanel } from "./deployment-panel.tsx";

export default function FleetPage() {
  const trpc = useTRPC();
  const fleet = useQuery({ ...trpc.fleet.overview.queryOptions(), refetchInterval: 2000 });

  if (fleet.error?.data?.code === "UNAUTHORIZED") {
    return (
      <>
        <h1>Fleet</h1>
        <p className="notice">{fleet.error.message}</p>
      </>
    );
  }

  return (
    <>
      <h1>Fleet</h1>
      <p className="lead">Node agents, your deployments and their stdio server processes, live.</p>
      {fleet.error ? <p className="error">Could not read the fleet: {fleet.error.message}</p> : null}

      <h2>Nodes</h2>
      {fleet.data ? (
        fleet.data.nodes.length === 0 ? (
          <p className="notice">No node agent is running.</p>
        ) : (
          <table aria-label="Nodes">
            <thead>
              <tr>
                <th>Node</th>
                <th>Address</th>
                <th>Processes</th>
                <th>Isolation</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {fleet.data.nodes.map((node) => (
                <tr key={node.id}>
                  <td className="mono">{node.id}</td>
                  <td className="mono">{node.address}</td>
                  <td>
                    {node.load} / {node.capacity}
                  </td>
                  <td className={node.isolation === "sandbox" ? "status-active" : "status-revoked"}>{node.isolation}</td>
                  <td>{new Date(node.startedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : (
        <p className="empty">Loading…</p>
      )}

      <h2>Deployments</h2>
      {fleet.data?.deployments.length === 0 ? <p className="empty">No deployments yet.</p> : null}
      {fleet.data?.deployments.map((deployment) => <DeploymentPanel key={deployment.id} deployment={deployment} />)}

      {fleet.data && fleet.data.composites.length > 0 ? (
        <>
          <h2>Composites</h2>
          <p className="lead">
            Composites run no processes of their own: each session uses one process of each member above. Manage them under{" "}
            <Link href="/console/compositions">Compositions</Link>.
          </p>
          <table aria-label="Composites">
            <thead>
              <tr>
                <th>Composite</th>
                <th>Members</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {fleet.data.composites.map((composite) => (
                <tr key={composite.name} data-composite={composite.name}>
                  <td className="mono">{composite.name}</td>
                  <td className="mono">{composite.members.join(", ")}</td>
                  <td className={composite.stopped ? "status-revoked" : "status-active"}>{composite.stopped ? "stopped" : "active"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
