"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { FleetDeployment } from "../../../server/fleet/fleet-service.ts";
import { useTRPC } from "../../_trpc/client.ts";

const ms = (value: number | null) => (value === null ? "–" : `${value.toFixed(value < 10 ? 2 : 0)} ms`);
const mib = (bytes: number | null) => (bytes === null ? "–" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);
const duration = (millis: number) => {
  const s = Math.floor(millis / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h`;
};

export function ProcessTable({ processes }: { processes: FleetDeployment["processes"] }) {
  const [shown, setShown] = useState<string | null>(null);
  if (processes.length === 0) return <p className="empty">No processes.</p>;
  return (
    <>
      <table aria-label="Processes">
        <thead>
          <tr>
            <th>PID</th>
            <th>State</th>
            <th>Uptime</th>
            <th>RSS</th>
            <th>CPU</th>
            <th>Calls</th>
            <th>Errors</th>
            <th>p50</th>
            <th>p99</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => (
            <tr key={p.id} data-pid={p.pid ?? ""}>
              <td className="mono">{p.pid ?? "–"}</td>
              <td>{p.state}</td>
              <td>{duration(p.uptimeMs)}</td>
              <td>{mib(p.rssBytes)}</td>
              <td>{p.cpuSeconds === null ? "–" : `${p.cpuSeconds.toFixed(2)} s`}</td>
              <td>{p.calls}</td>
              <td>{p.errors}</td>
              <td>{ms(p.p50Ms)}</td>
              <td>{ms(p.p99Ms)}</td>
              <td>
                <button type="button" className="secondary" onClick={() => setShown(shown === p.id ? null : p.id)}>
                  {shown === p.id ? "Hide stderr" : "stderr"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown ? <StderrTail processId={shown} /> : null}
    </>
  );
}

function StderrTail({ processId }: { processId: string }) {
  const trpc = useTRPC();
  const tail = useQuery({ ...trpc.fleet.stderr.queryOptions({ processId }), refetchInterval: 2000 });
  if (tail.error) return <p className="error">{tail.error.message}</p>;
  return <pre aria-label="stderr">{tail.data ? tail.data.join("\n") || "(nothing written to stderr)" : "…"}</pre>;
}
