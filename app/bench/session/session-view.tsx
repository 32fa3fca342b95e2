"use client";
import { useEffect, useState } from "react";
import type { ConnectionSpec } from "../../../server/bench/session/connection-spec.ts";
import { STATELESS_REVISION } from "../../../server/bench/session/stateless-transport.ts";
import { RootsPanel } from "../client/roots-panel.tsx";
import { ServerRequestPrompts } from "../client/server-requests.tsx";
import { CollectionsPanel } from "../collections/collections-panel.tsx";
import { RawConsole } from "../console/raw-console.tsx";
import { LintPanel } from "../lint/lint-panel.tsx";
import { OAuthSection } from "../oauth/oauth-section.tsx";
import { LogLevel } from "../features/log-level.tsx";
import { PlaygroundPanel } from "../playground/playground-panel.tsx";
import { PromptsPanel } from "../features/prompts-panel.tsx";
import { ResourcesPanel } from "../features/resources-panel.tsx";
import { TasksPanel } from "../tasks/tasks-panel.tsx";
import { TimelinePanel } from "../timeline/timeline-panel.tsx";
import { ToolsPanel } from "../tools/tools-panel.tsx";
import { SaveTrace } from "../traces/save-trace.tsx";
import { FailureView } from "./failure-view.tsx";
import { PingButton } from "./ping-button.tsx";
import { ServerSummary } from "./server-summary.tsx";
import { type SessionState, useSession } from "./use-session.ts";

export type Section = "tools" | "playground" | "resources" | "prompts" | "tasks" | "roots" | "console" | "lint" | "collections";
/** `server`: a feature the server may not offer (the tab says so); the rest are the client's own. */
const SECTIONS: Array<{ id: Section; label: string; server: boolean }> = [
  { id: "tools", label: "Tools", server: true },
  { id: "playground", label: "Playground", server: false },
  { id: "resources", label: "Resources", server: true },
  { id: "prompts", label: "Prompts", server: true },
  { id: "tasks", label: "Tasks", server: true },
  { id: "roots", label: "Roots", server: false },
  { id: "console", label: "Console", server: false },
  { id: "lint", label: "Lint", server: false },
  { id: "collections", label: "Collections", server: false },
];

const STATUS_TEXT: Record<SessionState["status"], string> = {
  connecting: "Connecting…",
  ready: "Connected",
  failed: "Failed",
  closed: "Closed",
};

/** One connection: its bar, what the server said, its tools, and the timeline beside them. */
export function SessionView({ spec, onStatus, onClose, initialSection = "tools" }: { spec: ConnectionSpec; onStatus: (status: SessionState["status"]) => void; onClose: () => void; initialSection?: Section }) {
  const { state, timeline, features, oauth, authorize, connect, disconnect } = useSession(spec);
  const [section, setSection] = useState<Section>(initialSection);
  const [opened, setOpened] = useState<ReadonlySet<Section>>(new Set(["tools", initialSection]));
  useEffect(() => onStatus(state.status), [state.status, onStatus]);

  return (
    <div className="session" data-status={state.status}>
      <div className="session-bar">
        <span className={`state-dot state-${state.status}`} aria-hidden />
        <strong className="session-label">{spec.label}</strong>
        <span className="status-text" data-testid="session-status">
          {STATUS_TEXT[state.status]}
        </span>
        <span className="chip">{spec.transport === "sse" ? "SSE" : spec.transport === "websocket" ? "WebSocket" : "Streamable HTTP"}</span>
        <code className="session-url" title={spec.url}>
          {spec.url}
        </code>
        <span className="bar-actions">
          <SaveTrace spec={spec} timeline={timeline} />
          {state.status === "ready" ? <PingButton client={state.connection.client} /> : null}
          {state.status === "ready" || state.status === "connecting" ? (
            <button type="button" className="secondary small" onClick={disconnect}>
              Disconnect
            </button>
          ) : (
            <button type="button" className="small" onClick={connect}>
              Reconnect
            </button>
          )}
          <button type="button" className="secondary small" onClick={onClose} aria-label={`Close the ${spec.label} tab`}>
            Close tab
          </button>
        </span>
      </div>
      <div className="session-grid">
        <div className="session-main">
          {state.status === "connecting" ? <p className="empty connecting">{spec.revision === STATELESS_REVISION ? `Asking the server about itself: server/discover, revision ${spec.revision} (stateless, no session)…` : `Opening a session: initialize with revision ${spec.revision}…`}</p> : null}
          {state.status === "failed" ? <FailureView diagnosis={state.diagnosis} spec={spec} onRetry={connect} /> : null}
          {spec.kind === "remote" ? <OAuthSection oauth={oauth} authorize={authorize} challenged={state.status === "failed" && state.diagnosis.step === "auth"} /> : null}
          {state.status === "closed" ? (
            <p className="notice" role="status">
              The session is closed: {state.reason}.{" "}
              <button type="button" className="link" onClick={connect}>
                Reconnect
              </button>
            </p>
          ) : null}
          {state.status === "ready" ? (
            <>
              <ServerRequestPrompts requests={features.requests} />
              <ServerSummary summary={state.connection.summary} />
              <div className="section-tabs" role="tablist" aria-label="Server features">
                {SECTIONS.map(({ id, label, server }) => {
                  const offered = !server || Boolean(state.connection.summary.capabilities?.[id as "tools"]);
                  return (
                    <button key={id} type="button" role="tab" aria-selected={section === id} onClick={() => {
                        setSection(id);
                        setOpened((o) => (o.has(id) ? o : new Set(o).add(id)));
                      }} title={offered ? undefined : `the server declares no ${id} capability`} className={offered ? undefined : "not-offered"}>
                      {label}
                    </button>
                  );
                })}
                {state.connection.summary.capabilities?.logging ? <LogLevel client={state.connection.client} /> : null}
              </div>
              {/* Each section stays mounted once opened, keeping its state. */}
              <div hidden={section !== "tools"}>
                <ToolsPanel client={state.connection.client} capabilities={state.connection.summary.capabilities} />
              </div>
              {opened.has("playground") ? (
                <div hidden={section !== "playground"}>
                  <PlaygroundPanel client={state.connection.client} offersTools={Boolean(state.connection.summary.capabilities?.tools)} />
                </div>
              ) : null}
              {opened.has("resources") ? (
                <div hidden={section !== "resources"}>
                  {state.connection.summary.capabilities?.resources ? <ResourcesPanel client={state.connection.client} capabilities={state.connection.summary.capabilities} /> : <p className="empty">This server does not offer resources.</p>}
                </div>
              ) : null}
              {opened.has("prompts") ? (
                <div hidden={section !== "prompts"}>
                  {state.connection.summary.capabilities?.prompts ? <PromptsPanel client={state.connection.client} completions={Boolean(state.connection.summary.capabilities?.completions)} /> : <p className="empty">This server does not offer prompts.</p>}
                </div>
              ) : null}
              {opened.has("tasks") ? (
                <div hidden={section !== "tasks"}>
                  {state.connection.summary.capabilities?.tasks ? (
                    <TasksPanel client={state.connection.client} canList={Boolean(state.connection.summary.capabilities.tasks.list)} canCancel={Boolean(state.connection.summary.capabilities.tasks.cancel)} />
                  ) : (
                    <p className="empty">This server does not offer tasks (no tasks capability){spec.revision === STATELESS_REVISION ? `: ${STATELESS_REVISION} moved tasks to an extension the gateway does not bridge` : ""}.</p>
                  )}
                </div>
              ) : null}
              {opened.has("roots") ? (
                <div hidden={section !== "roots"}>
                  <RootsPanel features={features} />
                </div>
              ) : null}
              {opened.has("console") ? (
                <div hidden={section !== "console"}>
                  <RawConsole connection={state.connection} revision={state.connection.summary.protocolVersion ?? spec.revision} />
                </div>
              ) : null}
              {opened.has("lint") ? (
                <div hidden={section !== "lint"}>
                  <LintPanel client={state.connection.client} offersTools={Boolean(state.connection.summary.capabilities?.tools)} timeline={timeline} />
                </div>
              ) : null}
              {opened.has("collections") ? (
                <div hidden={section !== "collections"}>
                  <CollectionsPanel client={state.connection.client} timeline={timeline} label={spec.label} />
                </div>
              ) : null}
            </>
          ) : null}
        </div>
        <aside className="session-side" aria-label="Timeline">
          <TimelinePanel timeline={timeline} />
        </aside>
      </div>
    </div>
  );
}
