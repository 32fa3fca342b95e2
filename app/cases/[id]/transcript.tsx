"use client";
import type { ElicitationAnswer } from "../../../runner/agents/elicitations.ts";
import type { TranscriptEntry } from "../../../server/cases/live-transcript.ts";
import { ElicitationForm } from "./elicitation-form.tsx";
import { ResultParts } from "./result-parts.tsx";

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The run's transcript with the tool-call trace inline, the confirmation prompt, and the tool servers' questions. */
export function Transcript({
  entries,
  canAnswer,
  onAnswer,
  onElicitationAnswer,
}: {
  entries: TranscriptEntry[];
  canAnswer: boolean;
  onAnswer: (action: "accept" | "decline") => void;
  onElicitationAnswer: (id: string, answer: ElicitationAnswer) => Promise<void>;
}) {
  return (
    <ol className="cs-transcript" data-testid="transcript">
      {entries.map((entry, i) => {
        switch (entry.kind) {
          case "user":
            return (
              <li key={i} className="cs-user">
                <b>User</b> {entry.text}
              </li>
            );
          case "answers":
            return (
              <li key={i} className="cs-note">
                answered: {entry.answers.map((a) => a.action).join(", ")}
              </li>
            );
          case "text":
            return (
              <li key={i} className="cs-agent" data-testid="agent-text">
                <b>Agent</b> {entry.text}
              </li>
            );
          case "tool":
            return (
              <li key={i} className={`cs-tool cs-tool-${entry.status}`} data-testid="tool-call">
                <div>
                  <b>tool</b> <span className="mono">{entry.name}</span> <span className="cs-status">{entry.status}</span>
                  {entry.durationMs !== null && <span className="muted"> · {entry.durationMs} ms</span>}
                  {entry.needsConfirmation && <span className="muted"> · needs confirmation</span>}
                  {entry.status === "declined" && entry.result !== null && <span className="muted"> · ran, changed nothing</span>}
                </div>
                <details open>
                  <summary>arguments</summary>
                  <pre>{json(entry.args)}</pre>
                </details>
                {(entry.status === "done" || (entry.status === "declined" && entry.result !== null)) && (
                  <details>
                    <summary>result</summary>
                    <pre>{json(entry.result)}</pre>
                  </details>
                )}
                {entry.status === "done" && <ResultParts result={entry.result} />}
                {entry.error && <p className="error">{entry.error}</p>}
              </li>
            );
          case "confirm":
            return (
              <li key={i} className="cs-confirm" data-testid="confirmation">
                {entry.confirmations.map((c) => (
                  <p key={c.id}>
                    <b>Confirm</b> {c.message}
                  </p>
                ))}
                {entry.answered === null && canAnswer ? (
                  <div className="actions">
                    <button type="button" onClick={() => onAnswer("accept")}>
                      Accept
                    </button>
                    <button type="button" className="danger" onClick={() => onAnswer("decline")}>
                      Decline
                    </button>
                  </div>
                ) : (
                  entry.answered && <p className="muted">You answered: {entry.answered}</p>
                )}
              </li>
            );
          case "elicit":
            return (
              <li key={i} className="cs-confirm cs-elicit" data-testid="elicitation">
                <ElicitationForm elicitation={entry.elicitation} answer={entry.answer} onAnswer={(answer) => onElicitationAnswer(entry.elicitation.id, answer)} />
              </li>
            );
          case "finish":
            return (
              <li key={i} className="cs-note">
                turn {entry.outcome.turn}: {entry.outcome.status}
                {entry.outcome.stopReason ? ` (${entry.outcome.stopReason})` : ""} · {entry.outcome.usage.inputTokens + entry.outcome.usage.outputTokens} tokens
                {entry.outcome.error && <span className="error"> — {entry.outcome.error}</span>}
              </li>
            );
          case "error":
            return (
              <li key={i} className="error">
                {entry.message}
              </li>
            );
        }
      })}
    </ol>
  );
}
