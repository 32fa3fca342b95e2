"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { DEFAULT_LIMITS, type PlaygroundLimits, toolRunOf } from "../../../server/bench/playground/playground-turn.ts";
import type { PlaygroundMessage, PlaygroundModelChoice, PlaygroundTool } from "../../../server/bench/playground/wire.ts";
import { callTool as callBenchTool } from "../../../server/bench/tools/call-tool.ts";
import { listTools } from "../../../server/bench/tools/list-tools.ts";
import type { BenchTool } from "../../../server/bench/tools/read-tools.ts";
import { useTRPC } from "../../_trpc/client.ts";
import { PlaygroundColumn, type SentPrompt } from "./playground-column.tsx";
import "./playground.css";

/** A tool call from the playground that shows no progress for this long is given up. */
const TOOL_TIMEOUT_MS = 60_000;

type Listing = { status: "loading" } | { status: "ready"; tools: BenchTool[] } | { status: "failed"; message: string };

/**
 * Chat with a model that uses this connection's tools: one column, or two side by side that
 * answer the same prompt independently, each with its own model. Model calls go to the server
 * (bench.playgroundStep), tool calls through this tab's MCP session (see playground-turn.ts).
 */
export function PlaygroundPanel({ client, offersTools }: { client: Client; offersTools: boolean }) {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.agents.endpoints.queryOptions());
  const stepMutation = useMutation(trpc.bench.playgroundStep.mutationOptions());
  const [listing, setListing] = useState<Listing>(offersTools ? { status: "loading" } : { status: "ready", tools: [] });
  const [sideBySide, setSideBySide] = useState(false);
  const [limits, setLimits] = useState<PlaygroundLimits>(DEFAULT_LIMITS);
  const [prompt, setPrompt] = useState("");
  const [sent, setSent] = useState<SentPrompt | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [stopSignal, setStopSignal] = useState(0);

  const load = useCallback(() => {
    if (!offersTools) return;
    setListing({ status: "loading" });
    listTools(client).then(
      ({ tools }) => setListing({ status: "ready", tools }),
      (error: unknown) => setListing({ status: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  }, [client, offersTools]);
  useEffect(load, [load]);

  const benchTools = listing.status === "ready" ? listing.tools : [];
  const tools: PlaygroundTool[] = benchTools.map(playgroundTool);
  const { mutateAsync } = stepMutation;
  const step = useCallback(
    (input: { model: PlaygroundModelChoice; messages: PlaygroundMessage[]; tools: PlaygroundTool[]; maxOutputTokens: number }, signal: AbortSignal | undefined) =>
      abortable(mutateAsync(input), signal),
    [mutateAsync],
  );
  const callTool = useCallback(
    async (name: string, args: unknown, signal: AbortSignal | undefined) => {
      const tool = benchTools.find((t) => t.name === name) ?? { name, inputSchema: {}, problems: [], raw: null };
      return toolRunOf(await callBenchTool(client, tool, args, { timeoutMs: TOOL_TIMEOUT_MS, ...(signal ? { signal } : {}) }));
    },
    [client, benchTools],
  );
  const onBusy = useCallback((label: string, isBusy: boolean) => {
    setBusy((current) => {
      const next = new Set(current);
      if (isBusy) next.add(label);
      else next.delete(label);
      return next;
    });
  }, []);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = prompt.trim();
    if (!text || busy.size > 0 || listing.status !== "ready") return;
    setSent((previous) => ({ seq: (previous?.seq ?? 0) + 1, text }));
    setPrompt("");
  };

  const endpointOptions = endpoints.data?.map((e) => ({ name: e.name, baseUrl: e.baseUrl }));
  const columnProps = { sent, tools, limits, endpoints: endpointOptions, endpointsError: endpoints.error?.message, step, callTool, onBusy, stopSignal };

  return (
    <div className="pg" data-testid="playground">
      <div className="pg-bar">
        <label className="pg-toggle">
          <input type="checkbox" checked={sideBySide} disabled={busy.size > 0} onChange={(event) => setSideBySide(event.target.checked)} />
          Side by side
        </label>
        <label className="pg-limit">
          max steps
          <input type="number" min={1} max={50} value={limits.maxSteps} onChange={(event) => setLimits((l) => ({ ...l, maxSteps: bounded(event.target.value, 1, 50, l.maxSteps) }))} />
        </label>
        <label className="pg-limit">
          max tokens
          <input type="number" min={100} max={1_000_000} step={100} value={limits.maxTokens} onChange={(event) => setLimits((l) => ({ ...l, maxTokens: bounded(event.target.value, 100, 1_000_000, l.maxTokens) }))} />
        </label>
        <span className="muted small-print pg-tools-count">
          {listing.status === "ready" ? `${listing.tools.length} tool${listing.tools.length === 1 ? "" : "s"} offered to the model` : listing.status === "loading" ? "Listing tools…" : null}
          {offersTools ? (
            <button type="button" className="link" onClick={load}>
              Reload tools
            </button>
          ) : null}
        </span>
      </div>
      {listing.status === "failed" ? (
        <p className="error" role="alert">
          tools/list failed, so the model has no tools: {listing.message}
        </p>
      ) : null}
      {!offersTools ? <p className="notice small-print">This server offers no tools: the model can only talk.</p> : null}
      <div className={sideBySide ? "pg-columns pg-two" : "pg-columns"}>
        <PlaygroundColumn label={sideBySide ? "Model A" : "Model"} {...columnProps} />
        {sideBySide ? <PlaygroundColumn label="Model B" {...columnProps} /> : null}
      </div>
      <form className="pg-send" onSubmit={send}>
        <textarea
          aria-label="Message"
          rows={2}
          value={prompt}
          placeholder={sideBySide ? "One message, sent to both models" : "Ask the model to use a tool, e.g. echo hello"}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) send(event);
          }}
        />
        {busy.size > 0 ? (
          <button type="button" className="secondary" onClick={() => setStopSignal((n) => n + 1)}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={!prompt.trim() || listing.status === "loading"}>
            Send
          </button>
        )}
      </form>
    </div>
  );
}

function playgroundTool(tool: BenchTool): PlaygroundTool {
  const schema = typeof tool.inputSchema === "object" && tool.inputSchema !== null ? (JSON.parse(JSON.stringify(tool.inputSchema)) as PlaygroundTool["inputSchema"]) : { type: "object" };
  return { name: tool.name, ...(tool.description ? { description: tool.description } : {}), inputSchema: schema };
}

function bounded(text: string, min: number, max: number, fallback: number): number {
  const value = Math.round(Number(text));
  return Number.isFinite(value) && text.trim() !== "" ? Math.min(max, Math.max(min, value)) : fallback;
}

/** The request goes on at the server, but the turn stops waiting for it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) reject(new Error("stopped"));
    signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
    promise.then(resolve, reject);
  });
}
