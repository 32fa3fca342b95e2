"use client";
import { useState } from "react";
import type { BenchTool } from "../../../server/bench/tools/read-tools.ts";
import { AnnotationBadges } from "./annotation-badges.tsx";

export function ToolList(props: { tools: BenchTool[]; selected: string | null; onSelect: (name: string) => void; onRefresh: () => void; truncated: boolean }) {
  const { tools, selected, onSelect, onRefresh, truncated } = props;
  const [filter, setFilter] = useState("");
  const text = filter.trim().toLowerCase();
  const shown = text ? tools.filter((t) => `${t.name} ${t.title ?? ""} ${t.description ?? ""}`.toLowerCase().includes(text)) : tools;
  return (
    <nav className="tool-list" aria-label="Tools">
      <div className="tool-list-head">
        <span>
          <strong>{tools.length}</strong> tools
        </span>
        <button type="button" className="link" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      <input aria-label="Filter tools" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {truncated ? <p className="muted small-print">Only the first pages are listed.</p> : null}
      <ul>
        {shown.map((tool) => (
          <li key={tool.name}>
            <button type="button" className={`tool-item${tool.name === selected ? " selected" : ""}`} aria-current={tool.name === selected ? "true" : undefined} onClick={() => onSelect(tool.name)} data-tool={tool.name}>
              <span className="tool-name mono">
                {tool.name}
                {tool.problems.length ? (
                  <span className="problem-mark" title={tool.problems.join("\n")} aria-label="has problems">
                    !
                  </span>
                ) : null}
              </span>
              {tool.description ? <span className="tool-desc">{tool.description}</span> : null}
              <AnnotationBadges annotations={tool.annotations} />
            </button>
          </li>
        ))}
        {shown.length === 0 ? <li className="empty">No tool matches.</li> : null}
      </ul>
    </nav>
  );
}
