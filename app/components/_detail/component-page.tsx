"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../_trpc/client.ts";
import { TransportChips, VerifiedBadge } from "../badges.tsx";
import { ComponentAvatar } from "../component-avatar.tsx";
import { plural } from "../format.ts";
import { DeployPane } from "../_deploy/deploy-pane.tsx";
import { AboutBox } from "./about-box.tsx";
import { CompatibilityPane } from "./compatibility-pane.tsx";
import { ContractView } from "./contract-view.tsx";
import { useDetailState } from "./detail-state.ts";
import { DiffPane } from "./diff-pane.tsx";
import { OpenInBench } from "./open-in-bench.tsx";
import { Readme } from "./readme.tsx";
import { TabStrip } from "./tab-strip.tsx";
import { VersionPicker } from "./version-picker.tsx";
import { VersionsTable } from "./versions-table.tsx";
import { YourDeployments } from "./your-deployments.tsx";

/** /components/<name>: one component, a version at a time. */
export function ComponentPage({ name }: { name: string }) {
  const trpc = useTRPC();
  const [state, setState] = useDetailState();
  const component = useQuery(trpc.registry.component.queryOptions({ name }));
  const versions = component.data?.versions ?? [];
  const selected = versions.find((v) => v.version === state.version) ?? versions[0];
  const detail = useQuery(trpc.registry.version.queryOptions(selected ? { name, version: selected.version } : skipToken));

  if (component.error) {
    return (
      <>
        <Breadcrumbs name={name} />
        <h1>{name}</h1>
        <p className={component.error.data?.code === "UNAUTHORIZED" ? "notice" : "error"}>{component.error.message}</p>
      </>
    );
  }
  if (!component.data || !selected) return <p className="empty">Loading {name}…</p>;

  const data = component.data;
  const contract = detail.data?.snapshot;
  const tabs = [
    { id: "readme", label: "Readme" },
    { id: "contract", label: "Contract", count: contract ? contract.tools.length + contract.resources.length + contract.resourceTemplates.length + contract.prompts.length : undefined },
    { id: "versions", label: "Versions", count: versions.length },
    { id: "compatibility", label: "Compatibility" },
    { id: "diff", label: "Diff" },
    { id: "deploy", label: "Deploy" },
  ] as const;

  return (
    <>
      <Breadcrumbs name={name} />
      <header className="mk-detail-head">
        <ComponentAvatar name={data.name} title={data.title} size={64} />
        <div className="mk-detail-titles">
          <h1>
            {data.title ?? data.name.split("/").at(-1)}
            {data.verified ? <VerifiedBadge /> : null}
          </h1>
          <div className="mk-name mono">{data.name}</div>
          <p className="mk-detail-description">{data.description}</p>
          <div className="mk-card-meta muted">
            <TransportChips transports={data.transports} />
            {data.category ? <span className="mk-category">{data.category}</span> : null}
            <span>by {data.owner}</span>
            <span>{plural(versions.length, "version")}</span>
          </div>
        </div>
        <div className="mk-head-actions">
          <VersionPicker versions={versions} selected={selected.version} onChange={(version) => setState({ version })} />
          <div className="mk-head-buttons">
            <OpenInBench deployments={data.deployments} version={selected.version} onDeployFirst={() => setState({ tab: "deploy" })} />
            <button type="button" onClick={() => setState({ tab: "deploy" })}>
              Deploy
            </button>
          </div>
        </div>
      </header>

      <div className="mk-detail-body">
        <div className="mk-main">
          <TabStrip tabs={tabs} active={state.tab} onSelect={(tab) => setState({ tab })} />
          <section role="tabpanel" aria-label={tabs.find((t) => t.id === state.tab)?.label} className="mk-pane">
            {state.tab === "readme" ? (
              detail.data ? (
                detail.data.readme ? <Readme source={detail.data.readme} /> : <p className="empty">{selected.version} ships no README.md.</p>
              ) : (
                <VersionLoading error={detail.error?.message} />
              )
            ) : null}
            {state.tab === "contract" ? (
              detail.data ? (
                <ContractView contract={detail.data.snapshot} version={selected.version} />
              ) : (
                <VersionLoading error={detail.error?.message} />
              )
            ) : null}
            {state.tab === "versions" ? (
              <VersionsTable
                versions={versions}
                selected={selected.version}
                onSelect={(version) => setState({ version, tab: "contract" })}
                onDiff={(from, to) => setState({ tab: "diff", from, to })}
              />
            ) : null}
            {state.tab === "compatibility" ? <CompatibilityPane versions={versions} selected={selected} onSelect={(version) => setState({ version })} /> : null}
            {state.tab === "diff" ? <DiffPane name={name} versions={versions} from={state.from} to={state.to} onChange={(from, to) => setState({ tab: "diff", from, to })} /> : null}
            {state.tab === "deploy" ? (
              detail.data ? (
                <DeployPane component={name} version={selected.version} latest={selected === versions[0]} variables={detail.data.environmentVariables} deployable={detail.data.deployable} />
              ) : (
                <VersionLoading error={detail.error?.message} />
              )
            ) : null}
          </section>
        </div>
        <aside className="mk-aside">
          <YourDeployments deployments={data.deployments} onDeploy={() => setState({ tab: "deploy" })} />
          <AboutBox version={selected} manifest={detail.data?.manifest} onCompatibility={() => setState({ tab: "compatibility" })} />
        </aside>
      </div>
    </>
  );
}

function Breadcrumbs({ name }: { name: string }) {
  return (
    <nav className="mk-crumbs" aria-label="Breadcrumbs">
      <Link href="/components">Components</Link> <span aria-hidden>/</span> <span className="mono">{name}</span>
    </nav>
  );
}

function VersionLoading({ error }: { error: string | undefined }) {
  return error ? <p className="error">Could not read this version: {error}</p> : <p className="empty">Loading…</p>;
}
