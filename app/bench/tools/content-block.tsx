"use client";
import { useMemo } from "react";
import { type ContentView, INLINE_TEXT_LIMIT, viewContent } from "../../../server/bench/results/content-view.ts";
import { bytes } from "../timeline/format.ts";

/** One content block, shown by its type; never as HTML. */
export function ContentBlock({ block }: { block: unknown }) {
  const view = useMemo(() => viewContent(block), [block]);
  return (
    <div className={`content-block content-${view.kind}`} data-content={view.kind}>
      <ViewBody view={view} raw={block} />
    </div>
  );
}

/**
 * A content view's body; `raw` is the block as received, shown for what cannot be rendered;
 * `read` when it is a resource's contents rather than a resource embedded in a result.
 */
export function ViewBody({ view, raw, read = false }: { view: ContentView; raw?: unknown; read?: boolean }) {
  const kindOf = read ? "contents" : "embedded resource";
  switch (view.kind) {
    case "text":
      return (
        <>
          <pre className={view.json ? "json-block" : "text-block"}>{view.json ?? view.text}</pre>
          {view.full ? <Truncated text={view.full} /> : null}
        </>
      );
    case "image":
      return (
        <figure>
          {/* A data: URL of an allowed image type only; see viewContent. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={view.src} alt={`image from the tool (${view.mimeType})`} />
          <figcaption className="muted small-print">
            {view.mimeType} · {bytes(view.bytes)}
          </figcaption>
        </figure>
      );
    case "audio":
      return (
        <figure>
          <audio controls src={view.src} />
          <figcaption className="muted small-print">
            {view.mimeType} · {bytes(view.bytes)}
          </figcaption>
        </figure>
      );
    case "resource-text":
      return (
        <>
          <ResourceHead uri={view.uri} mimeType={view.mimeType} label={kindOf} />
          <pre className={view.json ? "json-block" : "text-block"}>{view.json ?? view.text}</pre>
          {view.full ? <Truncated text={view.full} /> : null}
        </>
      );
    case "resource-blob":
      return (
        <>
          <ResourceHead uri={view.uri} mimeType={view.mimeType} label={`${kindOf} · ${bytes(view.bytes)}`} />
          {view.preview === "image" ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={view.download} alt={`resource ${view.uri}`} />
          ) : view.preview === "audio" ? (
            <audio controls src={view.download} />
          ) : null}
          <a href={view.download} download={fileName(view.uri)} className="small-print">
            Download
          </a>
        </>
      );
    case "link":
      return (
        <div className="resource-link">
          <span className="kind-label">resource link</span>
          {view.href ? (
            <a href={view.href} target="_blank" rel="noopener noreferrer nofollow">
              {view.title ?? view.name}
            </a>
          ) : (
            <strong>{view.title ?? view.name}</strong>
          )}
          <code className="small-print">{view.uri}</code>
          {view.mimeType ? <span className="muted small-print">{view.mimeType}</span> : null}
          {view.description ? <p className="small-print">{view.description}</p> : null}
        </div>
      );
    case "unsupported":
      return (
        <>
          <p className="schema-warning small-print">Not shown: {view.reason}.</p>
          {raw !== undefined ? <pre className="json-block">{JSON.stringify(raw, null, 2)?.slice(0, INLINE_TEXT_LIMIT)}</pre> : null}
        </>
      );
  }
}

function ResourceHead({ uri, mimeType, label }: { uri: string; mimeType?: string; label: string }) {
  return (
    <div className="resource-head">
      <span className="kind-label">{label}</span>
      <code>{uri}</code>
      {mimeType ? <span className="muted small-print">{mimeType}</span> : null}
    </div>
  );
}

function Truncated({ text }: { text: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: "result.txt" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <p className="muted small-print">
      Showing the first {INLINE_TEXT_LIMIT.toLocaleString()} of {text.length.toLocaleString()} characters.{" "}
      <button type="button" className="link" onClick={download}>
        Download all
      </button>
    </p>
  );
}

function fileName(uri: string): string {
  return uri.split(/[/\\]/).pop()?.replace(/[^A-Za-z0-9._-]/g, "_") || "resource";
}
