"use client";
import type { KeyboardEvent } from "react";
import type { ConnectionSpec, TransportKind } from "../../server/bench/session/connection-spec.ts";
import type { SessionState } from "./session/use-session.ts";

/** A local command as the tab remembers it: the environment's names only, never its values. */
export interface LocalTabCommand {
  command: string;
  args: string[];
  envNames: string[];
  cwd?: string;
}

/**
 * What a tab connects to. A local command runs as an ephemeral deployment, reached like a hosted
 * one; a remote tab's headers are kept across a reload only when `remember` is set.
 * `view`: the section the tab opens on, e.g. the playground for the case gallery's "open in playground".
 */
export type TabOpen =
  | { kind: "hosted"; deployment: string; revision: string; transport: TransportKind; view?: "playground" }
  | { kind: "local"; deployment: string; label: string; command: LocalTabCommand; revision: string; transport: TransportKind }
  | { kind: "remote"; spec: ConnectionSpec; remember?: boolean };

export type TabRequest = TabOpen & { id: string };

type TabStatus = SessionState["status"] | "needs-key";

const STATUS_WORDS: Record<TabStatus, string> = {
  connecting: "connecting",
  ready: "connected",
  failed: "failed",
  closed: "closed",
  "needs-key": "needs a key",
};

export function tabLabel(tab: TabRequest): string {
  if (tab.kind === "hosted") return tab.deployment;
  if (tab.kind === "local") {
    // Long absolute paths keep their last two parts: node …/dist/index.js stdio.
    const short = tab.label.replace(/\/(?:[^\s/]+\/)+([^\s/]+\/[^\s/]+)/g, "…/$1");
    return short.length > 40 ? `${short.slice(0, 39)}…` : short;
  }
  return tab.spec.label;
}

/** The connection tabs (arrow keys move between them, Delete closes one) and the "new" tab. */
export function TabStrip(props: {
  tabs: TabRequest[];
  active: string;
  statuses: Record<string, TabStatus>;
  newId: string;
  onSelect: (id: string) => void;
  onClose: (id: string) => void;
}) {
  const { tabs, active, statuses, newId, onSelect, onClose } = props;
  const ids = [...tabs.map((t) => t.id), newId];
  const onKey = (event: KeyboardEvent, id: string) => {
    const index = ids.indexOf(id);
    const move = (to: number) => {
      const next = ids[(to + ids.length) % ids.length]!;
      onSelect(next);
      document.getElementById(`tab-${next}`)?.focus();
    };
    if (event.key === "ArrowRight") move(index + 1);
    else if (event.key === "ArrowLeft") move(index - 1);
    else if (event.key === "Delete" && id !== newId) onClose(id);
    else return;
    event.preventDefault();
  };
  return (
    <div className="bench-tabs" role="tablist" aria-label="Connections">
      {tabs.map((tab) => {
        const status = statuses[tab.id] ?? "connecting";
        return (
          <div key={tab.id} className={`bench-tab${active === tab.id ? " active" : ""}`}>
            <button
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={active === tab.id}
              aria-controls={`panel-${tab.id}`}
              tabIndex={active === tab.id ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              onKeyDown={(e) => onKey(e, tab.id)}
              title={`${tabLabel(tab)} — ${STATUS_WORDS[status]}`}
            >
              <span className={`state-dot state-${status}`} aria-hidden />
              <span className="tab-kind">{tab.kind}</span>
              {tabLabel(tab)}
            </button>
            <button type="button" className="tab-close" aria-label={`Close ${tabLabel(tab)}`} onClick={() => onClose(tab.id)}>
              ×
            </button>
          </div>
        );
      })}
      <div className={`bench-tab new${active === newId ? " active" : ""}`}>
        <button
          type="button"
          role="tab"
          id={`tab-${newId}`}
          aria-selected={active === newId}
          aria-controls={`panel-${newId}`}
          tabIndex={active === newId ? 0 : -1}
          onClick={() => onSelect(newId)}
          onKeyDown={(e) => onKey(e, newId)}
        >
          + New connection
        </button>
      </div>
    </div>
  );
}
