"use client";
import { useMemo, useSyncExternalStore } from "react";
import { lintBehaviour } from "../../../server/bench/lint/lint-behaviour.ts";
import type { Timeline } from "../../../server/bench/session/timeline.ts";
import { FindingList } from "./finding-list.tsx";

/** What the server did in this session against what it declared; updates as the timeline grows. */
export function BehaviourFindings({ timeline }: { timeline: Timeline }) {
  const entries = useSyncExternalStore(timeline.subscribe, timeline.snapshot, timeline.snapshot);
  const findings = useMemo(() => lintBehaviour(entries), [entries]);
  const calls = entries.filter((e) => e.direction === "out" && e.method === "tools/call").length;
  return (
    <section className="behaviour-findings" aria-labelledby="behaviour-title">
      <h3 id="behaviour-title" className="panel-title">
        Seen in this session
      </h3>
      <p className="muted small-print" data-testid="behaviour-summary">
        {calls} tool call{calls === 1 ? "" : "s"} watched:{" "}
        {findings.length === 0 ? "nothing contradicts the tools’ annotations or schemas so far." : `${findings.length} finding${findings.length === 1 ? "" : "s"}.`}
      </p>
      <FindingList findings={findings} label="Findings from this session" />
    </section>
  );
}
