"use client";
import { useId, useMemo, useState } from "react";
import type { ElicitationAnswer, PendingElicitation } from "../../../runner/agents/elicitations.ts";
import { type Draft, initialDraft } from "../../../server/bench/forms/form-draft.ts";
import { draftToValue } from "../../../server/bench/forms/form-value.ts";
import { formFromSchema } from "../../../server/bench/forms/schema-to-form.ts";
import { SchemaForm } from "../../bench/tools/schema-form.tsx";

/**
 * A tool server's question (MCP elicitation) in the run's transcript: its message and the form of
 * its requestedSchema (the bench's schema form: strings, numbers, booleans, enums) with the values
 * the server proposed, answered with Accept or Decline. Once answered, the answer.
 */
export function ElicitationForm({ elicitation, answer, onAnswer }: { elicitation: PendingElicitation; answer: ElicitationAnswer | null; onAnswer: (answer: ElicitationAnswer) => Promise<void> }) {
  const idPrefix = useId().replace(/[^A-Za-z0-9-]/g, "");
  const form = useMemo(() => formFromSchema(elicitation.requestedSchema), [elicitation.requestedSchema]);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(form));
  const value = useMemo(() => draftToValue(form, draft), [form, draft]);
  const errors = useMemo(() => new Map(value.errors.map((e) => [e.path, e.message])), [value]);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (given: ElicitationAnswer) => {
    setSending(true);
    setProblem(null);
    try {
      await onAnswer(given);
    } catch (error) {
      setProblem((error as Error).message);
      setSending(false);
    }
  };

  const asker = elicitation.tool ?? elicitation.deployment;
  return (
    <div className="cs-elicit-body">
      <p>
        <b>{asker} asks you</b> {elicitation.message}
      </p>
      {answer ? (
        <p className="muted" data-testid="elicitation-answer">
          You answered: {answer.action}
          {answer.content && Object.keys(answer.content).length > 0 ? ` with ${JSON.stringify(answer.content)}` : ""}
          {answer.reason ? ` — ${answer.reason}` : ""}
        </p>
      ) : (
        <form
          aria-label={`Question from ${asker}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (value.errors.length === 0) void send({ action: "accept", content: (value.value ?? {}) as Record<string, string | number | boolean> });
          }}
        >
          <SchemaForm field={form} draft={draft} onChange={setDraft} idPrefix={`${idPrefix}-elicit`} errors={errors} />
          <div className="actions">
            <button type="submit" disabled={sending || value.errors.length > 0}>
              Accept
            </button>
            <button type="button" className="danger" disabled={sending} onClick={() => void send({ action: "decline" })}>
              Decline
            </button>
            <span className="muted">Without an answer within {Math.round(elicitation.timeoutMs / 1000)} s the question is declined and nothing changes.</span>
          </div>
          {problem && <p className="error">{problem}</p>}
        </form>
      )}
    </div>
  );
}
