"use client";
import { useRef, useState } from "react";
import type { ImportedEntry } from "../../../server/bench/import/imported-entry.ts";
import type { HostedTargets } from "../../../server/bench/hosted-deployments.ts";
import { BENCH_REVISIONS, type RemoteForm as RemoteFormValue, type TransportKind } from "../../../server/bench/session/connection-spec.ts";
import type { TabOpen } from "../tab-strip.tsx";
import { KeyPanel } from "./key-panel.tsx";
import { ProtocolChoice } from "./protocol-choice.tsx";
import { ImportPanel } from "./import-panel.tsx";
import { EMPTY_LOCAL, LocalForm, type LocalFormValue } from "./local-form.tsx";
import { RemoteForm } from "./remote-form.tsx";

interface Filled {
  remote: { round: number; value?: Partial<RemoteFormValue> };
  local: { round: number; value?: LocalFormValue };
}

/** Where a connection starts: a hosted deployment, a remote URL, a local command, or an entry of an imported file. */
export function NewConnection({ targets, targetsError, onOpen }: { targets: HostedTargets | undefined; targetsError?: string; onOpen: (tab: TabOpen) => void }) {
  const [revision, setRevision] = useState(BENCH_REVISIONS[0]!);
  const [transport, setTransport] = useState<TransportKind>("streamable-http");
  const [filled, setFilled] = useState<Filled>({ remote: { round: 0 }, local: { round: 0 } });
  const localPanel = useRef<HTMLElement>(null);
  const remotePanel = useRef<HTMLElement>(null);
  // An imported entry fills its form (remounted with it) and brings it into view.
  const pick = (entry: ImportedEntry) => {
    if (entry.target.kind === "stdio") {
      const { command } = entry.target;
      const env = Object.entries(command.env).map(([name, value]) => ({ name, value }));
      setFilled((f) => ({ ...f, local: { round: f.local.round + 1, value: { command: command.command, argsText: command.args.join("\n"), env: env.length > 0 ? env : EMPTY_LOCAL.env, cwd: command.cwd ?? "" } } }));
      localPanel.current?.scrollIntoView({ block: "nearest" });
    } else {
      const { url, transport: kind, headers } = entry.target;
      const rows = Object.entries(headers).map(([name, value]) => ({ name, value, enabled: true }));
      setFilled((f) => ({ ...f, remote: { round: f.remote.round + 1, value: { url, transport: kind, headers: rows.length > 0 ? rows : [{ name: "", value: "", enabled: true }] } } }));
      remotePanel.current?.scrollIntoView({ block: "nearest" });
    }
  };
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
        <section className="panel" aria-labelledby="remote-title" ref={remotePanel}>
          <h2 id="remote-title" className="panel-title">
            Remote server
          </h2>
          <RemoteForm key={`remote-${filled.remote.round}`} initial={filled.remote.value} onConnect={(spec, remember) => onOpen({ kind: "remote", spec, remember })} />
        </section>
        {targets?.mode === "local" ? (
          <section className="panel" aria-labelledby="local-title" ref={localPanel}>
            <h2 id="local-title" className="panel-title">
              Local stdio command
            </h2>
            <p className="muted">Runs on this machine (local mode only), in the agent’s sandbox.</p>
            <LocalForm key={`local-${filled.local.round}`} initial={filled.local.value} onOpen={onOpen} />
          </section>
        ) : null}
        <section className="panel" aria-labelledby="import-title">
          <h2 id="import-title" className="panel-title">
            Import mcp.json or server.json
          </h2>
          <ImportPanel localAllowed={targets?.mode === "local"} onPick={pick} />
        </section>
      </div>
    </div>
  );
}
