"use client";
import { useState } from "react";
import type { OutputCheck } from "../../../server/bench/results/output-check.ts";
import type { CallOutcome } from "../../../server/bench/tools/call-tool.ts";
import { millis } from "../timeline/format.ts";
import { ContentBlock } from "./content-block.tsx";

/** What a call came to: the result by content type and its outputSchema check, or why there is none. */
export function OutcomeView({ outcome }: { outcome: CallOutcome }) {
  const [raw, setRaw] = useState(false);
  switch (outcome.kind) {
    case "result": {
      const { result, output, notes } = outcome;
      return (
        <section className={`outcome ${result.isError ? "outcome-error" : "outcome-ok"}`} aria-label="Result" data-testid="tool-result">
          <div className="outcome-head">
            <strong>{result.isError ? "The tool reported an error" : "Result"}</strong>
            <span className="muted small-print">
              {millis(outcome.ms)} · {result.content.length} content block{result.content.length === 1 ? "" : "s"}
            </span>
            <button type="button" className="link" onClick={() => setRaw((r) => !r)} aria-expanded={raw}>
              {raw ? "Rendered" : "Raw JSON"}
            </button>
          </div>
          {notes.map((note) => (
            <p className="schema-warning small-print" key={note}>
              {note}
            </p>
          ))}
          {raw ? (
            <pre className="json-block">{JSON.stringify(result, null, 2)}</pre>
          ) : (
            <>
              <div className="content-blocks">
                {result.content.map((block, index) => (
                  <ContentBlock key={index} block={block} />
                ))}
              </div>
              {result.structuredContent !== undefined || output.status === "missing" ? (
                <div className="structured">
                  <div className="structured-head">
                    <strong>structuredContent</strong>
                    <OutputBadge check={output} />
                  </div>
                  {output.status === "invalid" ? (
                    <ul className="issues">
                      {output.issues.map((issue) => (
                        <li key={`${issue.path} ${issue.message}`}>
                          <code>{issue.path || "(root)"}</code> {issue.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {output.status === "missing" || output.status === "bad-schema" ? <p className="small-print">{output.message}</p> : null}
                  {result.structuredContent !== undefined ? <pre className="json-block">{JSON.stringify(result.structuredContent, null, 2)}</pre> : null}
                </div>
              ) : null}
            </>
          )}
        </section>
      );
    }
    case "rpc-error":
      return (
        <section className="outcome outcome-error" role="alert" data-testid="tool-result">
          <strong>The server answered with error {outcome.code}</strong>
          <p>{outcome.message}</p>
          {outcome.data !== undefined ? <pre className="json-block">{JSON.stringify(outcome.data, null, 2)}</pre> : null}
        </section>
      );
    case "timeout":
      return (
        <section className="outcome outcome-error" role="alert" data-testid="tool-result">
          <strong>No answer within {outcome.limitMs / 1000} s</strong>
          <p>The call was given up (each progress notification restarts the clock). Raise the timeout for slow tools.</p>
        </section>
      );
    case "cancelled":
      return (
        <section className="outcome" role="status" data-testid="tool-result">
          <strong>Cancelled after {millis(outcome.ms)}</strong>
          <p className="muted">notifications/cancelled went to the server (see the timeline).</p>
        </section>
      );
    case "failed":
      return (
        <section className="outcome outcome-error" role="alert" data-testid="tool-result">
          <strong>The call failed</strong>
          <p>{outcome.message}</p>
        </section>
      );
  }
}

function OutputBadge({ check }: { check: OutputCheck }) {
  switch (check.status) {
    case "valid":
      return <span className="check check-ok" data-testid="output-check">✓ matches the outputSchema</span>;
    case "invalid":
      return <span className="check check-bad" data-testid="output-check">✗ does not match the outputSchema</span>;
    case "missing":
      return <span className="check check-bad" data-testid="output-check">✗ missing</span>;
    case "bad-schema":
      return <span className="check check-bad" data-testid="output-check">outputSchema invalid</span>;
    case "no-schema":
      return <span className="check" data-testid="output-check">no outputSchema to check against</span>;
    case "error-result":
      return <span className="check" data-testid="output-check">not checked (error result)</span>;
  }
}
