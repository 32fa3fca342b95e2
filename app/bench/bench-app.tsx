"use client";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { BENCH_REVISIONS } from "../../server/bench/session/connection-spec.ts";
import { useTRPC } from "../_trpc/client.ts";
import { NewConnection } from "./connect/new-connection.tsx";
import { type TabOpen, type TabRequest, TabStrip } from "./tab-strip.tsx";
import { ConnectionTab } from "./connection-tab.tsx";
import type { SessionState } from "./session/use-session.ts";

const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const NEW = "new";

/** /bench: connections side by side in tabs, plus the tab that opens new ones. */
export function BenchApp() {
  const trpc = useTRPC();
  const targets = useQuery(trpc.bench.targets.queryOptions());
  const params = useSearchParams();
  const [tabs, setTabs] = useState<TabRequest[]>([]);
  const [active, setActive] = useState<string>(NEW);
  const [statuses, setStatuses] = useState<Record<string, SessionState["status"] | "needs-key">>({});
  const counter = useRef(0);

  const open = useCallback((request: TabOpen) => {
    const id = `tab-${++counter.current}`;
    setTabs((current) => [...current, { ...request, id }]);
    setActive(id);
  }, []);

  // /bench?deployment=<name> (the marketplace's "open in bench") opens that deployment at once.
  // Each link opens its tab once: a re-render keeps it, another ?deployment= opens another.
  const linked = params.get("deployment");
  const consumed = useRef<string | null>(null);
  useEffect(() => {
    if (consumed.current === linked || !linked || !DEPLOYMENT_NAME.test(linked)) return;
    consumed.current = linked;
    open({ kind: "hosted", deployment: linked, revision: BENCH_REVISIONS[0]!, transport: "streamable-http" });
  }, [linked, open]);

  const close = (id: string) => {
    const index = tabs.findIndex((t) => t.id === id);
    const next = tabs.filter((t) => t.id !== id);
    setTabs(next);
    if (active === id) setActive(next[Math.max(0, index - 1)]?.id ?? NEW);
  };
  const onStatus = useCallback((id: string, status: SessionState["status"] | "needs-key") => setStatuses((s) => (s[id] === status ? s : { ...s, [id]: status })), []);

  if (targets.error?.data?.code === "UNAUTHORIZED") {
    return (
      <div className="bench">
        <h1>Bench</h1>
        <p className="notice">{targets.error.message}</p>
      </div>
    );
  }

  return (
    <div className="bench">
      <TabStrip tabs={tabs} active={active} statuses={statuses} onSelect={setActive} onClose={close} newId={NEW} />
      <div className="bench-panels">
        <section role="tabpanel" id={`panel-${NEW}`} aria-labelledby={`tab-${NEW}`} hidden={active !== NEW}>
          <NewConnection targets={targets.data} targetsError={targets.error?.message} onOpen={open} />
        </section>
        {tabs.map((tab) => (
          <section key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} hidden={active !== tab.id} className="connection-panel">
            <ConnectionTab request={tab} targets={targets.data} onStatus={onStatus} onClose={() => close(tab.id)} />
          </section>
        ))}
      </div>
    </div>
  );
}
