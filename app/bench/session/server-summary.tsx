"use client";
import ReactMarkdown from "react-markdown";
import type { ServerSummary as Summary } from "../../../server/bench/session/open-connection.ts";

/** The capabilities a server declared, as short words with their sub-features. */
function capabilityChips(capabilities: Summary["capabilities"]): Array<{ name: string; detail: string[] }> {
  if (!capabilities) return [];
  return Object.entries(capabilities)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ({
      name,
      detail: typeof value === "object" && value !== null ? Object.entries(value).filter(([, v]) => v === true).map(([k]) => k) : [],
    }));
}

/** The negotiated revision, who the server is, what it can do and what it asks of clients. */
export function ServerSummary({ summary }: { summary: Summary }) {
  const { protocolVersion, requestedRevision, serverInfo, instructions, sessionId } = summary;
  const chips = capabilityChips(summary.capabilities);
  const differs = protocolVersion !== undefined && protocolVersion !== requestedRevision;
  return (
    <section className="server-summary" aria-label="Server">
      <dl className="facts">
        <div>
          <dt>Revision</dt>
          <dd data-testid="negotiated-revision">{protocolVersion ?? "unknown"}</dd>
          {differs ? <dd className="muted small-print">asked for {requestedRevision}</dd> : null}
        </div>
        <div>
          <dt>Server</dt>
          <dd data-testid="server-info">
            {serverInfo ? (
              <>
                {serverInfo.title ?? serverInfo.name} <span className="muted">{serverInfo.version}</span>
              </>
            ) : (
              "—"
            )}
          </dd>
          {serverInfo?.title ? <dd className="muted small-print mono">{serverInfo.name}</dd> : null}
        </div>
        <div className="capabilities">
          <dt>Capabilities</dt>
          <dd>
            {chips.length === 0 ? <span className="muted">none declared</span> : null}
            {chips.map((chip) => (
              <span className="chip cap" key={chip.name} title={chip.detail.length ? chip.detail.join(", ") : undefined}>
                {chip.name}
                {chip.detail.length ? <span className="muted"> · {chip.detail.join(" · ")}</span> : null}
              </span>
            ))}
          </dd>
        </div>
        {sessionId ? (
          <div>
            <dt>Session</dt>
            <dd className="mono small-print" title={sessionId}>
              {sessionId.slice(0, 12)}…
            </dd>
          </div>
        ) : null}
      </dl>
      {instructions ? (
        <details className="instructions">
          <summary>Instructions from the server</summary>
          {/* Markdown without raw HTML; react-markdown drops javascript: links. */}
          <div className="markdown">
            <ReactMarkdown>{instructions}</ReactMarkdown>
          </div>
        </details>
      ) : null}
    </section>
  );
}
