"use client";
import type { PlaygroundTurn, TraceItem } from "../../../server/bench/playground/playground-turn.ts";
import { millis } from "../timeline/format.ts";
import { ContentBlock } from "../tools/content-block.tsx";

const STATUS_WORDS: Record<PlaygroundTurn["status"], string> = {
  running: "running…",
  answered: "answered",
  stopped: "stopped",
  failed: "failed",
  cancelled: "stopped by you",
};

/** One turn: the prompt, then the model's words and tool calls in order, then its figures. */
export function TurnView({ turn }: { turn: PlaygroundTurn }) {
  return (
    <li className="pg-turn" data-status={turn.status} data-testid="playground-turn">
      <p className="pg-prompt">{turn.prompt}</p>
      <ol className="pg-trace">
        {turn.items.map((item, index) => (
          <TraceRow key={index} item={item} />
        ))}
        {turn.status === "running" ? <li className="muted small-print pg-thinking">{turn.items.some((i) => i.kind === "call" && i.status === "running") ? "Running a tool…" : "Waiting for the model…"}</li> : null}
      </ol>
      {turn.stopReason && turn.status !== "failed" ? (
        <p className="pg-stop small-print" role="status">
          {turn.stopReason}
        </p>
      ) : null}
      <p className="pg-figures small-print" data-testid="turn-figures">
        <span data-testid="turn-tokens">
          {turn.usage.inputTokens} in / {turn.usage.outputTokens} out tokens
        </span>
        <span data-testid="turn-latency">{millis(turn.latencyMs)}</span>
        <span className="muted">
          model {millis(turn.modelMs)} · {turn.steps} model call{turn.steps === 1 ? "" : "s"} · {turn.model} · {STATUS_WORDS[turn.status]}
        </span>
      </p>
    </li>
  );
}

function TraceRow({ item }: { item: TraceItem }) {
  switch (item.kind) {
    case "text":
      return <li className="pg-text" data-testid="playground-answer">{item.text}</li>;
    case "model-error":
      return (
        <li className="pg-error" role="alert" data-testid="playground-error">
          <strong>The model call failed:</strong> {item.error}
        </li>
      );
    case "call":
      return (
        <li className={`pg-call pg-call-${item.status}`} data-testid="playground-tool-call" data-tool={item.name}>
          <details open>
            <summary>
              <span className="pg-call-mark" aria-hidden>
                {item.status === "running" ? "…" : item.status === "done" ? "✓" : "✕"}
              </span>
              <code className="pg-call-name">{item.name}</code>
              <code className="pg-call-args">{typeof item.args === "string" ? item.args : JSON.stringify(item.args)}</code>
              {item.durationMs !== undefined ? <span className="muted small-print pg-call-ms">{millis(item.durationMs)}</span> : null}
            </summary>
            {item.error ? (
              <p className="pg-call-problem" data-testid="tool-call-error">
                {item.error}
              </p>
            ) : null}
            {item.status === "done" ? <CallResult result={item.result} /> : null}
          </details>
        </li>
      );
  }
}

function CallResult({ result }: { result: unknown }) {
  const content = (result as { content?: unknown[] } | null)?.content;
  const structured = (result as { structuredContent?: unknown } | null)?.structuredContent;
  return (
    <div className="pg-call-result" data-testid="tool-call-result">
      {Array.isArray(content) ? content.map((block, index) => <ContentBlock key={index} block={block} />) : null}
      {structured !== undefined ? <pre className="json-block">{JSON.stringify(structured, null, 2)}</pre> : null}
    </div>
  );
}
