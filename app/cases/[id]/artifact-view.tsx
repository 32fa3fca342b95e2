"use client";
import { useEffect, useState } from "react";
import Markdown from "react-markdown";
import type { Artifact } from "../../../server/cases/tool-result-parts.ts";
import { components } from "./case-docs.tsx";

/**
 * A resource a tool result produced (a draft, a report…): its title, what it is, its text — as
 * Markdown built into React elements (never raw HTML) or as plain text — and a download of it.
 */
export function ArtifactView({ artifact }: { artifact: Artifact }) {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    if (artifact.text === null) return;
    // The file is made from the text in the browser; only text types, so nothing runs when opened.
    const type = artifact.mimeType.startsWith("text/") || artifact.mimeType === "application/json" ? artifact.mimeType : "text/plain";
    const url = URL.createObjectURL(new Blob([artifact.text], { type: `${type};charset=utf-8` }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [artifact.text, artifact.mimeType]);

  return (
    <section className="cs-artifact" data-testid="artifact" aria-label={`artifact ${artifact.title}`}>
      <header>
        <b data-testid="artifact-title">{artifact.title}</b>
        <span className="muted">
          {" "}
          · {artifact.description ? `${artifact.description} · ` : ""}
          <span className="mono">{artifact.uri}</span>
        </span>
        {href && (
          <a className="cs-download" href={href} download={artifact.fileName} data-testid="artifact-download">
            Download {artifact.fileName}
          </a>
        )}
      </header>
      {artifact.text === null ? (
        <p className="muted">Linked, not embedded in the result: open it from the server's resources.</p>
      ) : artifact.mimeType === "text/markdown" ? (
        <div className="cs-artifact-body cs-docs">
          <Markdown components={components}>{artifact.text}</Markdown>
        </div>
      ) : (
        <pre className="cs-artifact-body">{artifact.text}</pre>
      )}
    </section>
  );
}
