"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useCallback, useEffect, useState } from "react";
import { PromptListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { completeArgument } from "../../../server/bench/features/completions.ts";
import { type BenchPrompt, type PromptMessage, getPrompt, listPrompts } from "../../../server/bench/features/prompts.ts";
import { CompletionInput } from "./completion-input.tsx";
import { ContentBlock } from "../tools/content-block.tsx";

type Listing = { status: "loading" } | { status: "ready"; prompts: BenchPrompt[] } | { status: "failed"; message: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Prompts: list (following prompts/list_changed), fill the arguments (with the server's completions), get the messages. */
export function PromptsPanel({ client, completions }: { client: Client; completions: boolean }) {
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [selected, setSelected] = useState<string | null>(null);
  const load = useCallback(() => {
    listPrompts(client).then(
      ({ prompts }) => setListing({ status: "ready", prompts }),
      (error: unknown) => setListing({ status: "failed", message: message(error) }),
    );
  }, [client]);
  useEffect(() => {
    load();
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => load());
    return () => client.removeNotificationHandler("notifications/prompts/list_changed");
  }, [client, load]);

  if (listing.status === "loading") return <p className="empty">Listing prompts…</p>;
  if (listing.status === "failed") return <p className="error" role="alert">prompts/list failed: {listing.message}</p>;
  const prompt = listing.prompts.find((p) => p.name === selected);
  return (
    <div className="tools">
      <nav className="tool-list" aria-label="Prompts">
        <div className="tool-list-head">
          <span>
            <strong>{listing.prompts.length}</strong> prompts
          </span>
          <button type="button" className="link" onClick={load}>
            Refresh
          </button>
        </div>
        <ul>
          {listing.prompts.map((p) => (
            <li key={p.name}>
              <button type="button" className={`tool-item${p.name === selected ? " selected" : ""}`} onClick={() => setSelected(p.name)} data-prompt={p.name}>
                <span className="tool-name mono">{p.name}</span>
                {p.description ? <span className="tool-desc">{p.description}</span> : null}
              </button>
            </li>
          ))}
          {listing.prompts.length === 0 ? <li className="empty">No prompts.</li> : null}
        </ul>
      </nav>
      <div className="tool-detail">{prompt ? <PromptRunner key={prompt.name} client={client} prompt={prompt} completions={completions} /> : <p className="empty">Choose a prompt.</p>}</div>
    </div>
  );
}

type Outcome = { status: "getting" } | { status: "done"; description?: string; messages: PromptMessage[] } | { status: "missing"; names: string[] } | { status: "failed"; message: string };

function PromptRunner({ client, prompt, completions }: { client: Client; prompt: BenchPrompt; completions: boolean }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const get = async () => {
    setOutcome({ status: "getting" });
    try {
      const result = await getPrompt(client, prompt, values);
      setOutcome("missing" in result ? { status: "missing", names: result.missing } : { status: "done", ...result });
    } catch (error) {
      setOutcome({ status: "failed", message: message(error) });
    }
  };
  return (
    <article className="tool-runner" aria-label={`Prompt ${prompt.name}`}>
      <header className="tool-head">
        <h3 className="mono">{prompt.name}</h3>
        {prompt.title ? <span className="tool-title">{prompt.title}</span> : null}
      </header>
      {prompt.description ? <p className="tool-description">{prompt.description}</p> : null}
      <div className="schema-form">
        {prompt.arguments.length === 0 ? <p className="muted">This prompt takes no arguments.</p> : null}
        {prompt.arguments.map((arg) => (
          <div className="field" key={arg.name}>
            <span className="field-head">
              <label htmlFor={`prompt-${prompt.name}-${arg.name}`} className="field-name mono">
                {arg.name}
              </label>
              {arg.required ? <span className="req">required</span> : <span className="opt">optional</span>}
            </span>
            <CompletionInput
              id={`prompt-${prompt.name}-${arg.name}`}
              value={values[arg.name] ?? ""}
              onChange={(value) => setValues((v) => ({ ...v, [arg.name]: value }))}
              complete={completions ? (value, signal) => completeArgument(client, { ref: { type: "ref/prompt", name: prompt.name }, argument: arg.name, value, values, signal }) : undefined}
            />
            {arg.description ? <span className="field-desc">{arg.description}</span> : null}
          </div>
        ))}
      </div>
      <div className="call-bar">
        <button type="button" onClick={() => void get()} disabled={outcome?.status === "getting"}>
          Get prompt
        </button>
      </div>
      {outcome?.status === "missing" ? <p className="error">Fill in {outcome.names.join(", ")} first.</p> : null}
      {outcome?.status === "failed" ? (
        <section className="outcome outcome-error" role="alert" data-testid="prompt-result">
          <strong>prompts/get failed</strong>
          <p>{outcome.message}</p>
        </section>
      ) : null}
      {outcome?.status === "done" ? (
        <section className="outcome" aria-label="Messages" data-testid="prompt-result">
          {outcome.description ? <p className="muted">{outcome.description}</p> : null}
          {outcome.messages.map((m, index) => (
            <div className="prompt-message" key={index}>
              <span className="kind-label">{m.role}</span>
              <ContentBlock block={m.content} />
            </div>
          ))}
        </section>
      ) : null}
    </article>
  );
}
