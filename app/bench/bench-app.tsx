"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { BENCH_REVISIONS } from "../../server/bench/session/connection-spec.ts";
import { useTRPC } from "../_trpc/client.ts";
import { NewConnection } from "./connect/new-connection.tsx";
import { type TabOpen, type TabRequest, TabStrip } from "./tab-strip.tsx";
import { ConnectionTab } from "./connection-tab.tsx";
import { saveTabs, savedTabs } from "./tab-store.ts";
import type { SessionState } from "./session/use-session.ts";

const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const NEW = "new";
/** No panel: a deep link's tab is about to open, so the new-connection panel is not shown first. */
const OPENING = "";

/** /bench: connections side by side in tabs, plus the tab that opens new ones. */
export function BenchApp() {
  const trpc = useTRPC();
  const targets = useQuery(trpc.bench.targets.queryOptions());
  const params = useSearchParams();
  const linked = params.get("deployment");
  const [tabs, setTabs] = useState<TabRequest[]>([]);
  const [active, setActive] = useState<string>(() => (linked && DEPLOYMENT_NAME.test(linked) ? OPENING : NEW));
  const [statuses, setStatuses] = useState<Record<string, SessionState["status"] | "needs-key">>({});
  const counter = useRef(0);

  const open = useCallback((request: TabOpen, activate = true) => {
    const id = `tab-${++counter.current}`;
    setTabs((current) => [...current, { ...request, id }]);
    if (activate) setActive(id);
    return id;
  }, []);

  // Open tabs come back after a reload (tab-store.ts says what is kept), then follow every change.
  // /bench?deployment=<name> (the marketplace's "open in bench") then opens that deployment — or
  // shows its restored tab, so reloading a link does not add a tab each time; with
  // &view=playground (the case gallery's "open in playground") on its playground.
  // Each link opens its tab once: a re-render keeps it, another ?deployment= opens another.
  const view = params.get("view") === "playground" ? "playground" : undefined;
  const consumed = useRef<string | null>(null);
  const restored = useRef<Array<{ tab: TabOpen; id: string }> | null>(null);
  useEffect(() => {
    if (!restored.current) {
      restored.current = savedTabs().map((tab) => ({ tab, id: open(tab, false) }));
      const last = restored.current.at(-1);
      if (last && !linked) setActive(last.id);
    }
    if (consumed.current === linked || !linked || !DEPLOYMENT_NAME.test(linked)) return;
    consumed.current = linked;
    const same = restored.current.find(({ tab }) => tab.kind === "hosted" && tab.deployment === linked && tab.view === view);
    if (same) setActive(same.id);
    else open({ kind: "hosted", deployment: linked, revision: BENCH_REVISIONS[0]!, transport: "streamable-http", ...(view ? { view } : {}) });
  }, [linked, view, open]);
  useEffect(() => {
    if (restored.current) saveTabs(tabs);
  }, [tabs]);

  const stopCommand = useMutation(trpc.bench.stopCommand.mutationOptions());
  // An open local tab renews its command's lease, so a browser that vanishes without closing the
  // tab leaves no process running for long (server/bench/local-command/ephemeral-commands.ts).
  const { mutate: keepCommand } = useMutation(trpc.bench.keepCommand.mutationOptions());
  const localDeployments = tabs.flatMap((t) => (t.kind === "local" ? [t.deployment] : [])).join(" ");
  useEffect(() => {
    if (localDeployments === "") return;
    const renew = () => {
      for (const deployment of localDeployments.split(" ")) keepCommand({ deployment });
    };
    renew();
    const timer = setInterval(renew, 30_000);
    return () => clearInterval(timer);
  }, [localDeployments, keepCommand]);
  const close = (id: string) => {
    const index = tabs.findIndex((t) => t.id === id);
    const closing = tabs[index];
    // A local command's deployment lives as long as its tab.
    if (closing?.kind === "local") stopCommand.mutate({ deployment: closing.deployment });
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
