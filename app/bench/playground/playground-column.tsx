"use client";
import { useEffect, useRef, useState } from "react";
import { type PlaygroundLimits, type PlaygroundTurn, runPlaygroundTurn, type ToolRun } from "../../../server/bench/playground/playground-turn.ts";
import type { PlaygroundMessage, PlaygroundModelChoice, PlaygroundTool, StepReply } from "../../../server/bench/playground/wire.ts";
import { type EndpointOption, ModelPicker } from "./model-picker.tsx";
import { TurnView } from "./turn-view.tsx";

/** A prompt sent from the shared box; `seq` tells a new send from a re-render. */
export interface SentPrompt {
  seq: number;
  text: string;
}

export interface ColumnProps {
  label: string;
  sent: SentPrompt | null;
  tools: PlaygroundTool[];
  limits: PlaygroundLimits;
  endpoints: EndpointOption[] | undefined;
  endpointsError?: string | undefined;
  step(input: { model: PlaygroundModelChoice; messages: PlaygroundMessage[]; tools: PlaygroundTool[]; maxOutputTokens: number }, signal: AbortSignal | undefined): Promise<StepReply>;
  callTool(name: string, args: unknown, signal: AbortSignal | undefined): Promise<ToolRun>;
  onBusy(label: string, busy: boolean): void;
  /** Stop every running turn (the shared Stop button). */
  stopSignal: number;
}

/** One conversation with one model: its own history and turns; answers each prompt sent to it. */
export function PlaygroundColumn(props: ColumnProps) {
  const { label, sent, tools, limits, endpoints, endpointsError, step, callTool, onBusy, stopSignal } = props;
  const [choice, setChoice] = useState<PlaygroundModelChoice>({ kind: "scripted" });
  const [turns, setTurns] = useState<PlaygroundTurn[]>([]);
  const [running, setRunning] = useState(false);
  const history = useRef<PlaygroundMessage[]>([]);
  // A column shown later (side by side turned on) answers the prompts sent after it appeared, not the last one before.
  const handled = useRef<number | null>(sent?.seq ?? null);
  const controller = useRef<AbortController | null>(null);
  const latest = useRef({ choice, tools, limits, step, callTool });
  latest.current = { choice, tools, limits, step, callTool };

  useEffect(() => {
    if (!sent || handled.current === sent.seq) return;
    handled.current = sent.seq;
    const { choice: model, tools: offered, limits: budget, step: runStep, callTool: run } = latest.current;
    if (model.kind === "endpoint" && !model.model.trim()) {
      setTurns((all) => [...all, notRun(sent.text, "choose the model's id at this endpoint first (model id), e.g. gpt-4o-mini")]);
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    const index = turns.length;
    setRunning(true);
    onBusy(label, true);
    void runPlaygroundTurn({
      prompt: sent.text,
      history: history.current,
      tools: offered,
      limits: budget,
      model: model.kind === "scripted" ? "scripted playground model" : `${model.model} at ${model.endpoint}`,
      step: (messages, maxOutputTokens, signal) => runStep({ model, messages, tools: offered, maxOutputTokens }, signal),
      callTool: run,
      signal: abort.signal,
      onUpdate: (turn) => setTurns((all) => [...all.slice(0, index), turn]),
    }).then(({ turn, history: next }) => {
      // A failed or cancelled turn leaves the conversation as it was, so the next prompt starts clean.
      if (turn.status === "answered" || turn.status === "stopped") history.current = next;
      controller.current = null;
      setRunning(false);
      onBusy(label, false);
    });
    // Only a new prompt starts a turn; everything else it needs is read from `latest`.
  }, [sent]);

  useEffect(() => {
    if (stopSignal > 0) controller.current?.abort();
  }, [stopSignal]);

  const clear = () => {
    history.current = [];
    setTurns([]);
  };

  return (
    <section className="pg-column" aria-label={`${label}: conversation`} data-testid="playground-column">
      <div className="pg-column-head">
        <ModelPicker label={label} choice={choice} endpoints={endpoints} endpointsError={endpointsError} disabled={running} onChange={setChoice} />
        <button type="button" className="link" onClick={clear} disabled={running || turns.length === 0}>
          Clear
        </button>
      </div>
      {turns.length === 0 ? (
        <p className="empty small-print">{choice.kind === "scripted" ? SCRIPTED_HINT : "The model sees this server's tools and may call them; each call runs through this tab's connection."}</p>
      ) : (
        <ol className="pg-turns">
          {turns.map((turn, index) => (
            <TurnView key={index} turn={turn} />
          ))}
        </ol>
      )}
    </section>
  );
}

const SCRIPTED_HINT =
  "The scripted model works offline and always does the same thing: it calls the tool your message names (\u201cget sum of 2 and 40\u201d, \u201cecho hello\u201d) with arguments from the message — a JSON object, name=value pairs, numbers in order, or the text after the tool's name — or from the schema's defaults, examples and first enum value; then it answers with the result. \u201ccall <name>\u201d calls a tool even if the server lacks it. A message that names no tool gets the list of tools.";

function notRun(prompt: string, reason: string): PlaygroundTurn {
  return { prompt, model: "—", items: [{ kind: "model-error", step: 0, error: reason }], steps: 0, usage: { inputTokens: 0, outputTokens: 0 }, modelMs: 0, latencyMs: 0, status: "failed" };
}
