"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import { CaseDocs } from "./case-docs.tsx";
import { EvalsPanel } from "./evals-panel.tsx";
import { RunPanel } from "./run-panel.tsx";

/** One case: run a scenario live, run its evals N times, read its docs. */
export function CasePage({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.cases.get.queryOptions({ id }));
  const [scenarioId, setScenarioId] = useState("");

  if (detail.error) {
    return (
      <>
        <h1>Case</h1>
        <p className="notice">{detail.error.message}</p>
        <p>
          <Link href="/cases">All cases</Link>
        </p>
      </>
    );
  }
  if (!detail.data) return <p className="empty">Loading the case…</p>;
  const c = detail.data;
  const selected = c.scenarios.find((s) => s.id === scenarioId) ?? c.scenarios[0]!;

  return (
    <>
      <p className="cs-crumbs">
        <Link href="/cases">Cases</Link> / {c.id}
      </p>
      <h1>{c.title}</h1>
      <p className="lead">{c.summary}</p>
      <p className="cs-links">
        {c.deployments.map((name) => (
          <Fragment key={name}>
            <Link href={`/bench?deployment=${encodeURIComponent(name)}`} data-testid="open-in-bench">
              Open {name} in bench
            </Link>
            <Link href={`/bench?deployment=${encodeURIComponent(name)}&view=playground`} data-testid="open-in-playground">
              Open {name} in playground
            </Link>
          </Fragment>
        ))}
        <a href="#docs">Docs</a>
        <span className="muted">
          agent <span className="mono">{c.agent}</span> · components{" "}
          {c.components.map((name) => (
            <span key={name} className="mono cs-chip">
              {name}
            </span>
          ))}
        </span>
      </p>
      <RunPanel caseId={c.id} scenarios={c.scenarios} selected={selected} onSelect={setScenarioId} />
      <EvalsPanel caseId={c.id} scenarios={c.scenarios} />
      <section className="panel" id="docs">
        <CaseDocs blocks={c.blocks} />
      </section>
    </>
  );
}
