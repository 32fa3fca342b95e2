"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import type { PendingConfirmation, TurnEvent, TurnInput, TurnOutcome } from "../../../runner/agents/events.ts";
import type { ScenarioView } from "../../../server/cases/case-catalog.ts";
import { type TranscriptEntry, answerConfirmation, foldEvent, parseSse } from "../../../server/cases/live-transcript.ts";
import { type ModelChoice, ModelChoicePicker } from "./model-choice.tsx";
import { Transcript } from "./transcript.tsx";

type Phase = "running" | "confirm" | "done" | "failed";

interface Run {
  conversationId: string;
  scenario: ScenarioView;
  /** The scenario step to play after the pending confirmations are answered. */
  next: number;
  phase: Phase;
  confirmations: PendingConfirmation[];
}

/** Runs one scenario through the turn endpoint, live; the user answers the confirmations. */
export function RunPanel({ caseId, scenarios, selected, onSelect }: { caseId: string; scenarios: ScenarioView[]; selected: ScenarioView; onSelect: (id: string) => void }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.cases.startRun.mutationOptions());
  const answerElicitation = useMutation(trpc.agents.answerElicitation.mutationOptions());
  const [run, setRun] = useState<Run | null>(null);
  const [entries, setEntries] = useState<TranscriptEntry[]>([]);
  const [model, setModel] = useState<ModelChoice>({ kind: "scripted" });
  const checks = useQuery({
    ...trpc.cases.checkRun.queryOptions({ caseId, scenarioId: run?.scenario.id ?? selected.id, conversationId: run?.conversationId ?? "00000000-0000-0000-0000-000000000000" }),
    enabled: run?.phase === "done",
  });

  const streamTurn = async (conversationId: string, input: TurnInput): Promise<TurnOutcome | null> => {
    const response = await fetch(`/api/agents/conversations/${conversationId}/turns`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      setEntries((e) => foldEvent(e, { type: "error", message: body.error ?? `the turn was refused (HTTP ${response.status})` }));
      return null;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let outcome: TurnOutcome | null = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const parsed = parseSse(buffer + value);
      buffer = parsed.rest;
      for (const { data } of parsed.events) {
        const event = JSON.parse(data) as TurnEvent | { type: "error"; message: string };
        if (event.type === "turn-finish") outcome = event.outcome;
        setEntries((e) => foldEvent(e, event));
      }
    }
    return outcome;
  };

  /** Plays the scenario's user messages from `from`, stopping at a confirmation for the user. */
  const play = async (conversationId: string, scenario: ScenarioView, from: number) => {
    for (let i = from; i < scenario.conversation.length; i++) {
      const step = scenario.conversation[i]!;
      if (!("user" in step)) continue; // answered by the user, in the page
      const outcome = await streamTurn(conversationId, { message: step.user });
      if (!outcome) return setRun({ conversationId, scenario, next: i + 1, phase: "failed", confirmations: [] });
      if (outcome.status === "awaiting_confirmation") return setRun({ conversationId, scenario, next: i + 1, phase: "confirm", confirmations: outcome.confirmations });
    }
    setRun({ conversationId, scenario, next: scenario.conversation.length, phase: "done", confirmations: [] });
  };

  const begin = async () => {
    setEntries([]);
    setRun(null);
    const started = await start.mutateAsync({ caseId, scenarioId: selected.id, ...(model.kind === "own" ? { model: { endpoint: model.endpoint, model: model.model } } : {}) });
    setRun({ conversationId: started.conversationId, scenario: started.scenario, next: 0, phase: "running", confirmations: [] });
    await play(started.conversationId, started.scenario, 0);
  };

  const answer = async (action: "accept" | "decline") => {
    if (!run || run.phase !== "confirm") return;
    const { conversationId, scenario, confirmations } = run;
    const resume = scenario.conversation[run.next] && "confirm" in scenario.conversation[run.next]! ? run.next + 1 : run.next;
    setEntries((e) => answerConfirmation(e, action));
    setRun({ ...run, phase: "running" });
    const outcome = await streamTurn(conversationId, { confirmations: confirmations.map((c) => ({ id: c.id, action })) });
    if (!outcome) return setRun({ ...run, phase: "failed" });
    if (outcome.status === "awaiting_confirmation") return setRun({ ...run, next: resume, phase: "confirm", confirmations: outcome.confirmations });
    await play(conversationId, scenario, resume);
  };

  const busy = start.isPending || run?.phase === "running" || run?.phase === "confirm";
  const expected = run?.phase === "confirm" ? run.scenario.conversation[run.next] : undefined;
  return (
    <section className="panel">
      <h2>Run a scenario</h2>
      <div className="actions">
        <label>
          scenario
          <select aria-label="scenario" value={selected.id} onChange={(e) => onSelect(e.target.value)} disabled={busy}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
                {s.confirms.length > 0 ? " (asks for confirmation)" : ""}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void begin()} disabled={busy}>
          Run
        </button>
        <ModelChoicePicker choice={model} onChange={setModel} disabled={busy} />
        <span className="muted">{model.kind === "own" ? "your model" : "scripted model"} · tools through the gateway</span>
      </div>
      <p className="muted">{selected.description}</p>
      <ol className="cs-script">
        {selected.conversation.map((step, i) => (
          <li key={i}>
            {"user" in step ? (
              <>user: “{step.user}”</>
            ) : "elicit" in step ? (
              <>
                {step.tool ?? "the server"} asks the user, who answers: {step.elicit}
                {step.content ? ` with ${JSON.stringify(step.content)}` : ""}
              </>
            ) : (
              <>
                the user answers {step.tool ?? "the confirmation"}: {step.confirm}
              </>
            )}
          </li>
        ))}
      </ol>
      {start.error && <p className="error">{start.error.message}</p>}
      {run && (
        <>
          <Transcript
            entries={entries}
            canAnswer={run.phase === "confirm"}
            onAnswer={(action) => void answer(action)}
            onElicitationAnswer={async (elicitationId, given) => {
              await answerElicitation.mutateAsync({ conversationId: run.conversationId, elicitationId, answer: given });
            }}
          />
          {expected && "confirm" in expected && <p className="muted">The scenario expects: {expected.confirm}.</p>}
          <p className="muted" data-testid="run-phase">
            {run.phase === "running" && entries.some((e) => e.kind === "elicit" && e.answer === null) ? "The server is asking you: answer its question above." : run.phase === "running" ? "Running…" : run.phase === "confirm" ? "Waiting for your answer." : run.phase === "done" ? "Run finished." : "The run stopped."}
          </p>
        </>
      )}
      {run?.phase === "done" && (
        <div data-testid="eval-status">
          <h3>Eval status for this run</h3>
          {checks.error && <p className="error">{checks.error.message}</p>}
          {checks.data && (
            <>
              <p className={checks.data.every((c) => c.pass) ? "cs-pass" : "cs-fail"}>
                {checks.data.filter((c) => c.pass).length}/{checks.data.length} checks passed
              </p>
              <ul className="cs-checks">
                {checks.data.map((check, i) => (
                  <li key={i} data-pass={check.pass} title={check.message}>
                    <span className={check.pass ? "cs-pass" : "cs-fail"}>{check.pass ? "✓ pass" : "✗ fail"}</span> {check.label}
                    {!check.pass && <span className="muted"> — {check.message}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
