"use client";
import { useState } from "react";
import type { HostedTargets } from "../../../server/bench/hosted-deployments.ts";
import { BENCH_REVISIONS, type TransportKind } from "../../../server/bench/session/connection-spec.ts";
import type { TabOpen } from "../tab-strip.tsx";
import { KeyPanel } from "./key-panel.tsx";
import { ProtocolChoice } from "./protocol-choice.tsx";
import { RemoteForm } from "./remote-form.tsx";

/** Where a connection starts: one of the tenant's hosted deployments, or any remote URL. */
export function NewConnection({ targets, targetsError, onOpen }: { targets: HostedTargets | undefined; targetsError?: string; onOpen: (tab: TabOpen) => void }) {
  const [revision, setRevision] = useState(BENCH_REVISIONS[0]!);
  const [transport, setTransport] = useState<TransportKind>("streamable-http");
  return (
    <div className="new-connection">
      <header className="bench-intro">
        <h1>Bench</h1>
        <p className="lead">Connect to an MCP server, call its tools through generated forms, and watch every JSON-RPC message go by.</p>
      </header>
      <div className="connect-grid">
        <section className="panel" aria-labelledby="hosted-title">
          <h2 id="hosted-title" className="panel-title">
            Hosted deployment
          </h2>
          <p className="muted">Your tenant’s deployments, through the gateway{targets ? <> at <code>{targets.gateway}</code></> : null}.</p>
          <KeyPanel />
          <ProtocolChoice idPrefix="hosted" revision={revision} transport={transport} onRevision={setRevision} onTransport={setTransport} />
          {targetsError ? <p className="error">Could not list deployments: {targetsError}</p> : null}
          {!targets ? (
            <p className="empty">Loading deployments…</p>
          ) : targets.deployments.length === 0 ? (
            <p className="empty">No deployments yet.</p>
          ) : (
            <ul className="deployment-list" aria-label="Deployments">
              {targets.deployments.map((d) => (
                <li key={d.name}>
                  <div>
                    <strong>{d.name}</strong>
                    <span className="muted mono">{d.component ? ` ${d.component}@${d.version}` : " composed"}</span>
                    {d.stopped ? <span className="badge badge-stopped">stopped</span> : null}
                  </div>
                  <button type="button" className="secondary" onClick={() => onOpen({ kind: "hosted", deployment: d.name, revision, transport })} aria-label={`Connect to ${d.name}`}>
                    Connect
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="remote-title">
          <h2 id="remote-title" className="panel-title">
            Remote server
          </h2>
          <RemoteForm onConnect={(spec) => onOpen({ kind: "remote", spec })} />
        </section>
      </div>
    </div>
  );
}
