"use client";
import { type ChangeEvent, useState } from "react";
import type { ImportResult, ImportedEntry } from "../../../server/bench/import/imported-entry.ts";
import { importServers } from "../../../server/bench/import/import-file.ts";
import { commandLine } from "../../../server/bench/local-command/local-command-spec.ts";

const TRANSPORT_WORDS = { "streamable-http": "streamable HTTP", sse: "SSE", websocket: "WebSocket" } as const;

/** Where an entry goes: the command line, or the transport and URL (text only, never rendered as a link). */
function mapsTo(entry: ImportedEntry): string {
  return entry.target.kind === "stdio" ? `local command: ${commandLine(entry.target.command)}` : `${TRANSPORT_WORDS[entry.target.transport]}: ${entry.target.url}`;
}

/** Reads an mcp.json (Claude Desktop, Cursor, VS Code) or a server.json, lists its servers, and fills a form with the one picked. */
export function ImportPanel({ localAllowed, onPick }: { localAllowed: boolean; onPick: (entry: ImportedEntry) => void }) {
  const [text, setText] = useState("");
  const [result, setResult] = useState<ImportResult | null>(null);
  const read = (value: string) => setResult(importServers(value));
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const value = await file.text();
    setText(value);
    read(value);
  };
  return (
    <div className="import-panel">
      <p className="muted">Paste an mcp.json (Claude Desktop, Cursor, VS Code) or a registry server.json, or pick the file.</p>
      <textarea aria-label="Paste mcp.json or server.json" rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={'{ "mcpServers": { "my-server": { "command": "npx", "args": ["-y", "…"] } } }'} spellCheck={false} />
      <div className="form-foot">
        <button type="button" className="secondary" onClick={() => read(text)}>
          Find servers
        </button>
        <label className="secondary-file">
          <span className="muted">or a file:</span> <input type="file" accept=".json,application/json" aria-label="Import a file" onChange={(e) => void onFile(e)} />
        </label>
      </div>
      {result && !result.ok ? (
        <p className="error" role="alert">
          {result.path}: {result.message}
        </p>
      ) : null}
      {result?.ok ? (
        <>
          <p className="muted small-print">
            Found {result.entries.length} in {result.format}:
          </p>
          <ul className="import-entries" aria-label="Servers found">
            {result.entries.map((entry) => {
              const needsLocal = entry.target.kind === "stdio" && !localAllowed;
              return (
                <li key={entry.path}>
                  <div>
                    <strong>{entry.name}</strong> <span className="muted small-print">{entry.path}</span>
                    <div className="maps-to">{mapsTo(entry)}</div>
                    {entry.notes.length > 0 ? <div className="muted small-print">{entry.notes.join("; ")}</div> : null}
                  </div>
                  <button type="button" className="secondary" disabled={needsLocal} title={needsLocal ? "local commands need Switchyard in local mode" : undefined} onClick={() => onPick(entry)} aria-label={`Use ${entry.name}`}>
                    Use
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}
