"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema, type ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { useCallback, useEffect, useRef, useState } from "react";
import { completeArgument } from "../../../server/bench/features/completions.ts";
import { type UpdateMark, markSeen, noteUpdate } from "../../../server/bench/features/resource-updates.ts";
import type { ContentView } from "../../../server/bench/results/content-view.ts";
import { type BenchResource, type BenchTemplate, expandTemplate, listResources, listTemplates, readResource } from "../../../server/bench/features/resources.ts";
import { millis } from "../timeline/format.ts";
import { ViewBody } from "../tools/content-block.tsx";
import { CompletionInput } from "./completion-input.tsx";
import { SubscriptionBar } from "./subscription-bar.tsx";

type Selected = { kind: "resource"; resource: BenchResource } | { kind: "template"; template: BenchTemplate };
type Listing = { status: "loading" } | { status: "ready"; resources: BenchResource[]; templates: BenchTemplate[]; note?: string } | { status: "failed"; message: string };
type Read = { uri: string; status: "reading" } | { uri: string; status: "done"; views: ContentView[]; ms: number } | { uri: string; status: "failed"; message: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Resources and resource templates: list (following resources/list_changed), fill a template's
 * variables (with the server's completions), read, subscribe and see updates arrive.
 */
export function ResourcesPanel({ client, capabilities }: { client: Client; capabilities: ServerCapabilities | undefined }) {
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [selected, setSelected] = useState<Selected | null>(null);
  const [read, setRead] = useState<Read | null>(null);
  const [subscribed, setSubscribed] = useState<ReadonlySet<string>>(new Set());
  const [marks, setMarks] = useState<ReadonlyMap<string, UpdateMark>>(new Map());
  const subscribedNow = useRef(subscribed);
  subscribedNow.current = subscribed;
  const subscribable = capabilities?.resources?.subscribe === true;
  const completions = Boolean(capabilities?.completions);

  const load = useCallback(() => {
    Promise.allSettled([listResources(client), listTemplates(client)]).then(([resources, templates]) => {
      if (resources.status === "rejected" && templates.status === "rejected") return setListing({ status: "failed", message: message(resources.reason) });
      setListing({
        status: "ready",
        resources: resources.status === "fulfilled" ? resources.value.resources : [],
        templates: templates.status === "fulfilled" ? templates.value.templates : [],
        ...(resources.status === "rejected" ? { note: `resources/list failed: ${message(resources.reason)}` } : templates.status === "rejected" ? { note: `resources/templates/list failed: ${message(templates.reason)}` } : {}),
      });
    });
  }, [client]);
  useEffect(() => {
    load();
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => load());
    return () => client.removeNotificationHandler("notifications/resources/list_changed");
  }, [client, load]);
  useEffect(() => {
    // A new connection starts with no subscriptions.
    setSubscribed(new Set());
    setMarks(new Map());
  }, [client]);
  useEffect(() => {
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      const at = Date.now();
      setMarks((m) => noteUpdate(m, subscribedNow.current, notification.params.uri, at));
    });
    return () => client.removeNotificationHandler("notifications/resources/updated");
  }, [client]);

  const doRead = async (uri: string) => {
    setRead({ uri, status: "reading" });
    const started = performance.now();
    try {
      setRead({ uri, status: "done", views: await readResource(client, uri), ms: performance.now() - started });
      setMarks((m) => markSeen(m, uri));
    } catch (error) {
      setRead({ uri, status: "failed", message: message(error) });
    }
  };

  if (listing.status === "loading") return <p className="empty">Listing resources…</p>;
  if (listing.status === "failed") return <p className="error" role="alert">resources/list failed: {listing.message}</p>;
  const pick = (next: Selected) => {
    setSelected(next);
    setRead(null);
  };
  return (
    <div className="tools">
      <nav className="tool-list" aria-label="Resources">
        <div className="tool-list-head">
          <span>
            <strong>{listing.resources.length}</strong> resources · <strong>{listing.templates.length}</strong> templates
          </span>
          <button type="button" className="link" onClick={load}>
            Refresh
          </button>
        </div>
        {listing.note ? <p className="muted small-print">{listing.note}</p> : null}
        <ul>
          {listing.resources.map((r) => (
            <li key={r.uri}>
              <button type="button" className={`tool-item${selected?.kind === "resource" && selected.resource.uri === r.uri ? " selected" : ""}`} onClick={() => pick({ kind: "resource", resource: r })} data-resource={r.uri}>
                <span className="tool-name">
                  {r.title ?? r.name}
                  {subscribed.has(r.uri) ? <span className="chip subscribed">{marks.get(r.uri)?.unseen ? "updated" : "subscribed"}</span> : null}
                </span>
                <span className="tool-desc mono">{r.uri}</span>
              </button>
            </li>
          ))}
          {listing.templates.map((t) => (
            <li key={t.uriTemplate}>
              <button type="button" className={`tool-item${selected?.kind === "template" && selected.template.uriTemplate === t.uriTemplate ? " selected" : ""}`} onClick={() => pick({ kind: "template", template: t })} data-template={t.uriTemplate}>
                <span className="tool-name">
                  {t.title ?? t.name} <span className="hint">template</span>
                </span>
                <span className="tool-desc mono">{t.uriTemplate}</span>
              </button>
            </li>
          ))}
          {listing.resources.length + listing.templates.length === 0 ? <li className="empty">No resources.</li> : null}
        </ul>
      </nav>
      <div className="tool-detail">
        {selected === null ? <p className="empty">Choose a resource or a template.</p> : null}
        {selected?.kind === "resource" ? (
          <article className="tool-runner" aria-label={`Resource ${selected.resource.name}`}>
            <header className="tool-head">
              <h3>{selected.resource.title ?? selected.resource.name}</h3>
              {selected.resource.mimeType ? <span className="chip">{selected.resource.mimeType}</span> : null}
            </header>
            <code className="small-print">{selected.resource.uri}</code>
            {selected.resource.description ? <p className="tool-description">{selected.resource.description}</p> : null}
            <div className="call-bar">
              <button type="button" onClick={() => void doRead(selected.resource.uri)} disabled={read?.status === "reading"}>
                Read
              </button>
            </div>
            <SubscriptionBar
              client={client}
              uri={selected.resource.uri}
              subscribable={subscribable}
              subscribed={subscribed.has(selected.resource.uri)}
              mark={marks.get(selected.resource.uri)}
              onChange={(on) => {
                const uri = selected.resource.uri;
                setSubscribed((current) => {
                  const next = new Set(current);
                  if (on) next.add(uri);
                  else next.delete(uri);
                  return next;
                });
                if (!on) setMarks((m) => new Map([...m].filter(([key]) => key !== uri)));
              }}
              onReread={() => void doRead(selected.resource.uri)}
            />
            <ReadView read={read} />
          </article>
        ) : null}
        {selected?.kind === "template" ? <TemplateReader key={selected.template.uriTemplate} client={client} completions={completions} template={selected.template} onRead={doRead} read={read} /> : null}
      </div>
    </div>
  );
}

function TemplateReader({ client, completions, template, onRead, read }: { client: Client; completions: boolean; template: BenchTemplate; onRead: (uri: string) => void; read: Read | null }) {
  const [values, setValues] = useState<Record<string, string>>({});
  if (!Array.isArray(template.variables)) return <p className="error">This template is not a valid URI template: {template.variables.problem}</p>;
  const variables = template.variables;
  const uri = expandTemplate(template.uriTemplate, values);
  return (
    <article className="tool-runner" aria-label={`Template ${template.name}`}>
      <header className="tool-head">
        <h3>{template.title ?? template.name}</h3>
        <span className="hint">template</span>
      </header>
      <code className="small-print">{template.uriTemplate}</code>
      {template.description ? <p className="tool-description">{template.description}</p> : null}
      <div className="schema-form">
        {variables.map((name) => (
          <div className="field" key={name}>
            <span className="field-head">
              <label htmlFor={`tpl-${template.name}-${name}`} className="field-name mono">
                {name}
              </label>
            </span>
            <CompletionInput
              id={`tpl-${template.name}-${name}`}
              value={values[name] ?? ""}
              onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
              complete={completions ? (value, signal) => completeArgument(client, { ref: { type: "ref/resource", uri: template.uriTemplate }, argument: name, value, values, signal }) : undefined}
            />
          </div>
        ))}
      </div>
      <div className="call-bar">
        <button type="button" onClick={() => onRead(uri)} disabled={read?.status === "reading"}>
          Read
        </button>
        <code className="small-print">{uri}</code>
      </div>
      <ReadView read={read} />
    </article>
  );
}

function ReadView({ read }: { read: Read | null }) {
  if (!read) return null;
  if (read.status === "reading") return <p className="muted">Reading {read.uri}…</p>;
  if (read.status === "failed") {
    return (
      <section className="outcome outcome-error" role="alert" data-testid="resource-result">
        <strong>resources/read failed</strong>
        <p>{read.message}</p>
      </section>
    );
  }
  return (
    <section className="outcome" aria-label="Contents" data-testid="resource-result">
      <div className="outcome-head">
        <strong>Contents</strong>
        <span className="muted small-print">
          {millis(read.ms)} · {read.views.length} item{read.views.length === 1 ? "" : "s"}
        </span>
      </div>
      <div className="content-blocks">
        {read.views.map((view, index) => (
          <div className={`content-block content-${view.kind}`} key={index}>
            <ViewBody view={view} read />
          </div>
        ))}
      </div>
    </section>
  );
}
