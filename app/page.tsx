"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "./_trpc/client.ts";

export default function HomePage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.health.status.queryOptions());
  const gateway = status.data?.urls.gateway ?? "http://127.0.0.1:8080";
  const keyFile = status.data?.demoKeyFile ?? ".switchyard/demo-api-key";

  return (
    <>
      <h1>Switchyard</h1>
      <p className="lead">Build, test, host and showcase MCP servers and the agents that use them.</p>

      <h2>This installation</h2>
      {status.error ? <p className="error">Could not read the status: {status.error.message}</p> : null}
      <div className="cards" aria-busy={status.isPending}>
        <StatusCard title="Mode" value={status.data?.mode} ok />
        <StatusCard title="Database" value={status.data?.database.kind} ok={status.data?.database.ok} />
        <StatusCard title="Engine" value={status.data?.engine.kind} ok={status.data?.engine.ok} />
        <StatusCard title="Gateway" value={status.data?.urls.gateway} ok={status.data?.gateway.ok} />
        <StatusCard
          title="Node agents"
          value={status.data ? status.data.nodes.map((n) => `${n.id} · ${n.load}/${n.capacity} processes`).join(", ") || "none registered" : undefined}
          ok={(status.data?.nodes.length ?? 0) > 0}
        />
      </div>

      <h2>Call the demo server</h2>
      <p>
        The <code>everything</code> deployment runs the MCP reference server. Call it through the gateway with an API key —
        the demo key is in <code>{keyFile}</code>, or make one under <Link href="/console/keys">API keys</Link>. Or try it in the
        browser: <Link href="/bench?deployment=everything">open it in the bench</Link>.
      </p>
      <pre>{`curl -s ${gateway}/mcp/everything \\
  -H "Authorization: Bearer $(cat ${keyFile})" \\
  -H "Content-Type: application/json" \\
  -H "Accept: application/json, text/event-stream" \\
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}'`}</pre>
    </>
  );
}

function StatusCard({ title, value, ok }: { title: string; value: string | undefined; ok?: boolean }) {
  return (
    <div className="card">
      <h3>{title}</h3>
      <div className="value">
        {value === undefined ? "…" : (
          <>
            <span className={ok ? "dot" : "dot bad"} aria-hidden />
            {value}
          </>
        )}
      </div>
    </div>
  );
}
