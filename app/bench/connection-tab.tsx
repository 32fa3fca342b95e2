"use client";
import { useEffect } from "react";
import type { HostedTargets } from "../../server/bench/hosted-deployments.ts";
import { hostedSpec } from "../../server/bench/session/connection-spec.ts";
import { useBenchKey } from "./connect/bench-key.ts";
import type { ExportSource } from "../../server/bench/import/export-mcp-json.ts";
import { ExportPanel } from "./connect/export-panel.tsx";
import { KeyPanel } from "./connect/key-panel.tsx";
import { SessionView } from "./session/session-view.tsx";
import type { SessionState } from "./session/use-session.ts";
import type { TabRequest } from "./tab-strip.tsx";

/** One tab: a remote connection as given, or a hosted deployment or local command once the bench has a key and the gateway's address. */
export function ConnectionTab(props: {
  request: TabRequest;
  targets: HostedTargets | undefined;
  onStatus: (id: string, status: SessionState["status"] | "needs-key") => void;
  onClose: () => void;
}) {
  const { request, targets, onStatus, onClose } = props;
  const key = useBenchKey();
  const needsKey = request.kind !== "remote" && !key;
  useEffect(() => {
    if (needsKey) onStatus(request.id, "needs-key");
  }, [needsKey, onStatus, request.id]);

  if (request.kind === "remote") {
    const { spec } = request;
    return (
      <>
        <ExportPanel source={{ kind: "url", name: spec.label, url: spec.url, transport: spec.transport, headers: spec.headers }} />
        <SessionView spec={spec} onStatus={(s) => onStatus(request.id, s)} onClose={onClose} />
      </>
    );
  }
  if (!key) {
    return (
      <div className="panel">
        <h2 className="panel-title">Connect to “{request.kind === "local" ? request.label : request.deployment}”</h2>
        <KeyPanel />
      </div>
    );
  }
  if (!targets) return <p className="empty">Finding the gateway…</p>;
  const deployment = targets.deployments.find((d) => d.name === request.deployment) ?? {
    // Not (or no longer) one of the tenant's: the gateway will say so, in the diagnostics.
    name: request.deployment,
    endpoints: { mcp: `${targets.gateway}/mcp/${request.deployment}`, sse: `${targets.gateway}/sse/${request.deployment}` },
  };
  const spec = hostedSpec(deployment, key, request.revision, request.transport);
  const view = request.kind === "hosted" ? request.view : undefined;
  // A local command is exported as the command (its deployment ends with the tab), a hosted one as its gateway URL.
  const exported: ExportSource = request.kind === "local" ? { kind: "stdio", name: request.label, ...request.command } : { kind: "url", name: spec.label, url: spec.url, transport: spec.transport, headers: spec.headers };
  return (
    <>
      <ExportPanel source={exported} />
      <SessionView spec={request.kind === "local" ? { ...spec, label: request.label } : spec} onStatus={(s) => onStatus(request.id, s)} onClose={onClose} initialSection={view ?? "tools"} />
    </>
  );
}
