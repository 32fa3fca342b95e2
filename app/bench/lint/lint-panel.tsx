"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useCallback, useEffect, useState } from "react";
import { listAll } from "../../../server/bench/features/lenient-page.ts";
import { type Finding, lintTools } from "../../../server/bench/lint/lint-tools.ts";
import type { Timeline } from "../../../server/bench/session/timeline.ts";
import { BehaviourFindings } from "./behaviour-findings.tsx";
import { FindingList } from "./finding-list.tsx";

type Run = { status: "running" } | { status: "done"; findings: Finding[]; tools: number; truncated: boolean } | { status: "failed"; message: string };

/** The server's tools checked against MCP's rules and good practice, then against what they did in this session; each finding with its reason and fix. */
export function LintPanel({ client, offersTools, timeline }: { client: Client; offersTools: boolean; timeline: Timeline }) {
  const [run, setRun] = useState<Run>({ status: "running" });
  const lint = useCallback(() => {
    setRun({ status: "running" });
    listAll(client, "tools/list", "tools").then(
      ({ items, truncated }) => setRun({ status: "done", findings: lintTools(items), tools: items.length, truncated }),
      (error: unknown) => setRun({ status: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  }, [client]);
  useEffect(() => {
    if (offersTools) lint();
  }, [lint, offersTools]);

  if (!offersTools) return <p className="empty">This server declares no tools capability: there is nothing to lint.</p>;
  return (
    <div className="panel lint-panel">
      <div className="args-head">
        <h2 className="panel-title">Lint</h2>
        <button type="button" className="secondary small" onClick={lint} disabled={run.status === "running"}>
          Lint again
        </button>
      </div>
      {run.status === "running" ? <p className="empty">Reading tools/list…</p> : null}
      {run.status === "failed" ? (
        <p className="error" role="alert">
          tools/list failed: {run.message}
        </p>
      ) : null}
      {run.status === "done" ? (
        <>
          <p className="muted small-print" data-testid="lint-summary">
            {run.tools} tool{run.tools === 1 ? "" : "s"} checked{run.truncated ? " (the list was cut off after 50 pages)" : ""}:{" "}
            {run.findings.length === 0 ? "no findings." : (["error", "warning", "info"] as const).map((s) => plural(run.findings.filter((f) => f.severity === s).length, s)).join(", ")}
          </p>
          <FindingList findings={run.findings} label="Findings in the tool list" />
        </>
      ) : null}
      <BehaviourFindings timeline={timeline} />
    </div>
  );
}

function plural(count: number, word: "error" | "warning" | "info"): string {
  return `${count} ${word === "info" ? word : count === 1 ? word : `${word}s`}`;
}
