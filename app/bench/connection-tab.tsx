"use client";
import { useEffect } from "react";
import type { HostedTargets } from "../../server/bench/hosted-deployments.ts";
import { hostedSpec } from "../../server/bench/session/connection-spec.ts";
import { useBenchKey } from "./connect/bench-key.ts";
import { KeyPanel } from "./connect/key-panel.tsx";
import { SessionView } from "./session/session-view.tsx";
import type { SessionState } from "./session/use-session.ts";
import type { TabRequest } from "./tab-strip.tsx";

/** One tab: a remote connection as given, or a hosted one once the bench has a key and the gateway's address. */
export function ConnectionTab(props: {
  request: TabRequest;
  targets: HostedTargets | undefined;
  onStatus: (id: string, status: SessionState["status"] | "needs-key") => void;
  onClose: () => void;
}) {
  const { request, targets, onStatus, onClose } = props;
  const key = useBenchKey();
  const needsKey = request.kind === "hosted" && !key;
  useEffect(() => {
    if (needsKey) onStatus(request.id, "needs-key");
  }, [needsKey, onStatus, request.id]);

  if (request.kind === "remote") return <SessionView spec={request.spec} onStatus={(s) => onStatus(request.id, s)} onClose={onClose} />;
  if (!key) {
    return (
      <div className="panel">
        <h2 className="panel-title">Connect to “{request.deployment}”</h2>
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
  return <SessionView spec={hostedSpec(deployment, key, request.revision, request.transport)} onStatus={(s) => onStatus(request.id, s)} onClose={onClose} />;
}
