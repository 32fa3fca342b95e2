"use client";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { type EntryKind, type Timeline, type TimelineEntry, filterTimeline } from "../../../server/bench/session/timeline.ts";
import { LazyJsonEditor } from "../monaco/lazy-editor.tsx";
import { bytes, clockTime, millis } from "./format.ts";

const KINDS: EntryKind[] = ["request", "response", "notification", "error", "transport"];
const SHORT: Record<EntryKind, string> = { request: "req", response: "res", notification: "note", error: "error", transport: "event" };
/** Rows drawn at once: the newest; the filter reaches older ones. */
const SHOWN = 500;

/** What the panel reads: a live connection's timeline, or a saved trace's entries (`readOnly`, no Clear). */
export type TimelineSource = Pick<Timeline, "subscribe" | "snapshot" | "dropped" | "clear">;

/** Every message of the connection, both ways; click one to read it whole. */
export function TimelinePanel({ timeline, readOnly = false }: { timeline: TimelineSource; readOnly?: boolean }) {
  const entries = useSyncExternalStore(timeline.subscribe, timeline.snapshot, timeline.snapshot);
  const [method, setMethod] = useState("");
  const [kinds, setKinds] = useState<ReadonlySet<EntryKind>>(new Set(KINDS));
  const [direction, setDirection] = useState<"both" | "out" | "in">("both");
  const [selected, setSelected] = useState<number | null>(null);
  const filtered = useMemo(() => filterTimeline(entries, { method, kinds, direction }), [entries, method, kinds, direction]);
  const shown = filtered.length > SHOWN ? filtered.slice(filtered.length - SHOWN) : filtered;
  const chosen = selected === null ? undefined : entries.find((e) => e.seq === selected);

  // Stay at the bottom as messages arrive, unless the user scrolled up to read.
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = list.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [shown.length]);

  const toggle = (kind: EntryKind) =>
    setKinds((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  const move = (delta: number) => {
    if (shown.length === 0) return;
    const index = chosen ? shown.findIndex((e) => e.seq === chosen.seq) : shown.length;
    const next = shown[Math.min(shown.length - 1, Math.max(0, index + delta))]!;
    setSelected(next.seq);
    document.getElementById(`msg-${next.seq}`)?.scrollIntoView({ block: "nearest" });
  };

  return (
    <div className="timeline">
      <div className="timeline-head">
        <h2 className="panel-title">
          Timeline <span className="muted count" data-testid="timeline-count">{entries.length}</span>
        </h2>
        {readOnly ? null : (
          <button type="button" className="link" onClick={() => { timeline.clear(); setSelected(null); }}>
            Clear
          </button>
        )}
      </div>
      <div className="timeline-filters">
        <input aria-label="Filter by method" placeholder="Filter by method…" value={method} onChange={(e) => setMethod(e.target.value)} className="mono" />
        <select aria-label="Direction" value={direction} onChange={(e) => setDirection(e.target.value as typeof direction)}>
          <option value="both">both ways</option>
          <option value="out">sent →</option>
          <option value="in">← received</option>
        </select>
        <div className="kind-toggles" role="group" aria-label="Message types">
          {KINDS.map((kind) => (
            <button key={kind} type="button" className={`kind-toggle kind-${kind}`} aria-pressed={kinds.has(kind)} onClick={() => toggle(kind)}>
              {kind}
            </button>
          ))}
        </div>
      </div>
      {timeline.dropped > 0 ? <p className="muted small-print">{timeline.dropped} older messages dropped</p> : null}
      <ol
        className="messages"
        ref={list}
        aria-label="Messages"
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") move(1);
          else if (e.key === "ArrowUp") move(-1);
          else return;
          e.preventDefault();
        }}
      >
        {shown.length === 0 ? <li className="empty">{entries.length === 0 ? "No messages yet." : "No message matches the filter."}</li> : null}
        {shown.map((entry) => (
          <MessageRow key={entry.seq} entry={entry} selected={entry.seq === selected} onSelect={() => setSelected(entry.seq === selected ? null : entry.seq)} />
        ))}
      </ol>
      {chosen ? <MessageDetail entry={chosen} onClose={() => setSelected(null)} /> : <p className="muted small-print hint-line">Click a message to read it whole (↑/↓ to move).</p>}
    </div>
  );
}

function MessageRow({ entry, selected, onSelect }: { entry: TimelineEntry; selected: boolean; onSelect: () => void }) {
  return (
    <li>
      <button
        type="button"
        id={`msg-${entry.seq}`}
        className={`message-row dir-${entry.direction} kind-${entry.kind}${selected ? " selected" : ""}`}
        onClick={onSelect}
        aria-pressed={selected}
        data-kind={entry.kind}
        data-method={entry.method ?? ""}
        title={`${entry.direction === "out" ? "sent" : "received"} ${entry.kind}${entry.method ? ` ${entry.method}` : ""}`}
      >
        <span className="t mono">{clockTime(entry.at)}</span>
        <span className={`kind-badge kind-${entry.kind}`}>
          <span className="dir" aria-label={entry.kind === "transport" ? "event" : entry.direction === "out" ? "sent" : "received"}>
            {entry.kind === "transport" ? "•" : entry.direction === "out" ? "→" : "←"}
          </span>
          {SHORT[entry.kind]}
        </span>
        <span className="method mono">
          {entry.kind === "transport" ? (entry.message as { transport: string }).transport : (entry.method ?? "")}
          {entry.id !== undefined ? <span className="id">#{entry.id}</span> : null}
        </span>
        <span className="latency mono">{entry.latencyMs !== undefined ? millis(entry.latencyMs) : ""}</span>
        <span className="size mono">{entry.size ? bytes(entry.size) : ""}</span>
      </button>
    </li>
  );
}

function MessageDetail({ entry, onClose }: { entry: TimelineEntry; onClose: () => void }) {
  const text = JSON.stringify(entry.message, null, 2);
  return (
    <div className="message-detail" data-testid="message-detail">
      <div className="detail-head">
        <span>
          <strong>{entry.method ?? entry.kind}</strong>{" "}
          <span className="muted small-print">
            {entry.direction === "out" ? "sent" : "received"} {clockTime(entry.at)} · {bytes(entry.size)}
            {entry.latencyMs !== undefined ? ` · ${millis(entry.latencyMs)}` : ""}
          </span>
        </span>
        <span>
          <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(text)}>
            Copy
          </button>
          <button type="button" className="link" onClick={onClose} aria-label="Close the message">
            ×
          </button>
        </span>
      </div>
      <LazyJsonEditor value={text} readOnly height={260} label="Message JSON" />
    </div>
  );
}
