"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../_trpc/client.ts";

/** Every case of the gallery: what it shows, the components it uses, its docs. */
export function Gallery() {
  const trpc = useTRPC();
  const cases = useQuery(trpc.cases.list.queryOptions());
  return (
    <>
      <h1>Cases</h1>
      <p className="lead">Vertical demos of agents that use MCP servers through the gateway. Each runs offline with a scripted model; run it, watch the tool calls, check its evals.</p>
      {cases.error && <p className="notice">{cases.error.message}</p>}
      {cases.isPending && <p className="empty">Loading the cases…</p>}
      <div className="cs-gallery">
        {cases.data?.map((c) => (
          <article key={c.id} className="panel cs-card" data-testid={`case-${c.id}`}>
            <h2>
              <Link href={`/cases/${c.id}`}>{c.title}</Link>
            </h2>
            <p>{c.summary}</p>
            <dl className="cs-facts">
              <dt>Agent</dt>
              <dd className="mono">{c.agent}</dd>
              <dt>Components</dt>
              <dd>
                {c.components.map((name) => (
                  <Link key={name} href={`/components/${name}`} className="mono cs-chip">
                    {name}
                  </Link>
                ))}
              </dd>
              <dt>Scenarios</dt>
              <dd>{c.scenarios} scripted conversations with evals</dd>
            </dl>
            <p className="cs-links">
              <Link href={`/cases/${c.id}`}>Open the case</Link>
              <Link href={`/cases/${c.id}#docs`}>Read the docs</Link>
              {c.deployments.map((name) => (
                <Link key={name} href={`/bench?deployment=${encodeURIComponent(name)}&view=playground`} data-testid="open-in-playground">
                  Open {name} in playground
                </Link>
              ))}
            </p>
          </article>
        ))}
      </div>
    </>
  );
}
