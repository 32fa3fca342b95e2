"use client";
import { useState } from "react";
import { type ExportSource, exportMcpJson } from "../../../server/bench/import/export-mcp-json.ts";

/** The connection as mcp.json (VS Code's shape), with no secret in it: values become ${input:…} prompts. */
export function ExportPanel({ source }: { source: ExportSource }) {
  const [copied, setCopied] = useState(false);
  const text = exportMcpJson(source);
  return (
    <details className="export-box">
      <summary>Export as mcp.json</summary>
      <p className="muted small-print">
        Secrets are not exported: every header and environment value is replaced by an <code>{"${input:…}"}</code> placeholder that VS Code prompts for (fill it in by hand for Claude Desktop or Cursor, under <code>mcpServers</code>).
      </p>
      <pre data-testid="exported-mcp-json">{text}</pre>
      <div className="form-foot">
        <button
          type="button"
          className="secondary small"
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <a className="button-link" href={`data:application/json;charset=utf-8,${encodeURIComponent(text)}`} download="mcp.json">
          Download mcp.json
        </a>
      </div>
    </details>
  );
}
