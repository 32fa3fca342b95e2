"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema, type ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { useCallback, useEffect, useState } from "react";
import type { BenchTool } from "../../../server/bench/tools/read-tools.ts";
import { runsToolTasks } from "../../../server/bench/tasks/task-board.ts";
import { listTools } from "../../../server/bench/tools/list-tools.ts";
import { ToolList } from "./tool-list.tsx";
import { ToolRunner } from "./tool-runner.tsx";

type Listing = { status: "loading" } | { status: "ready"; tools: BenchTool[]; truncated: boolean } | { status: "failed"; message: string };

/** The server's tools beside the one being tried; the list follows tools/list_changed. */
export function ToolsPanel({ client, capabilities }: { client: Client; capabilities: ServerCapabilities | undefined }) {
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [selected, setSelected] = useState<string | null>(null);
  const [visited, setVisited] = useState<ReadonlySet<string>>(new Set());
  const select = (name: string) => {
    setSelected(name);
    setVisited((v) => (v.has(name) ? v : new Set(v).add(name)));
  };
  const offered = Boolean(capabilities?.tools);
  const tasks = runsToolTasks(capabilities) ? { cancel: Boolean((capabilities as { tasks?: { cancel?: unknown } }).tasks?.cancel) } : undefined;

  const load = useCallback(() => {
    listTools(client).then(
      ({ tools, truncated }) => {
        setListing({ status: "ready", tools, truncated });
        setSelected((current) => (current && tools.some((t) => t.name === current) ? current : (tools[0]?.name ?? null)));
      },
      (error: unknown) => setListing({ status: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  }, [client]);

  useEffect(() => {
    if (!offered) return;
    load();
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => load());
    return () => client.removeNotificationHandler("notifications/tools/list_changed");
  }, [client, offered, load]);

  if (!offered) return <p className="empty">This server does not offer tools (no tools capability).</p>;
  if (listing.status === "loading") return <p className="empty">Listing tools…</p>;
  if (listing.status === "failed") {
    return (
      <p className="error" role="alert">
        tools/list failed: {listing.message}{" "}
        <button type="button" className="link" onClick={load}>
          Retry
        </button>
      </p>
    );
  }
  // Every tool opened so far stays mounted (hidden), so its arguments and last result are
  // still there when the user comes back to it.
  const opened = listing.tools.filter((t) => t.name === selected || visited.has(t.name));
  return (
    <div className="tools">
      <ToolList tools={listing.tools} selected={selected} onSelect={select} onRefresh={load} truncated={listing.truncated} />
      <div className="tool-detail">
        {opened.map((tool) => (
          <div key={tool.name} hidden={tool.name !== selected}>
            <ToolRunner client={client} tool={tool} {...(tasks ? { tasks } : {})} />
          </div>
        ))}
        {selected === null ? <p className="empty">Choose a tool.</p> : null}
      </div>
    </div>
  );
}
