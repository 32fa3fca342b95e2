"use client";
import { useState } from "react";
import type { Endpoints } from "./endpoints.ts";

const LABELS: Array<[keyof Endpoints, string, string]> = [
  ["mcp", "Streamable HTTP", "MCP 2025-03-26 and later"],
  ["sse", "SSE", "legacy HTTP+SSE (2024-11-05)"],
  ["ws", "WebSocket", "subprotocol mcp"],
];

/** A deployment's three endpoints, each with a copy button. */
export function EndpointList({ endpoints }: { endpoints: Endpoints }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (url: string) => {
    void navigator.clipboard?.writeText(url).then(() => setCopied(url), () => undefined);
  };
  return (
    <dl className="mk-endpoints">
      {LABELS.map(([key, label, hint]) => (
        <div key={key} className="mk-endpoint">
          <dt title={hint}>{label}</dt>
          <dd>
            <code data-testid={`endpoint-${key}`}>{endpoints[key]}</code>
            <button type="button" className="secondary mk-copy" onClick={() => copy(endpoints[key])} aria-label={`Copy the ${label} endpoint`}>
              {copied === endpoints[key] ? "Copied" : "Copy"}
            </button>
          </dd>
        </div>
      ))}
    </dl>
  );
}
