"use client";
import { useSyncExternalStore } from "react";
import type { FlowLog, FlowStep, StepHttp } from "../../../server/bench/oauth/flow-log.ts";

const MARK: Record<FlowStep["status"], string> = { running: "…", ok: "✓", failed: "✗", skipped: "–" };
const WORD: Record<FlowStep["status"], string> = { running: "running", ok: "OK", failed: "failed", skipped: "skipped" };

/** Each step of the OAuth flow: what happened in words, its HTTP exchanges (redacted) one click away, and what to try when it failed. */
export function StepView({ log }: { log: FlowLog }) {
  const steps = useSyncExternalStore(log.subscribe, log.snapshot, log.snapshot);
  if (steps.length === 0) return null;
  return (
    <ol className="oauth-steps" aria-label="OAuth steps">
      {steps.map((step, index) => (
        <li key={step.seq} className={`oauth-step step-${step.status}`} data-step={step.id} data-status={step.status}>
          <div className="step-head">
            <span className="step-mark" aria-hidden>
              {MARK[step.status]}
            </span>
            <span className="step-number">{index + 1}.</span>
            <strong>{step.title}</strong>
            <span className={`chip step-status status-${step.status}`}>{WORD[step.status]}</span>
            {step.ms !== undefined ? <span className="muted small-print">{step.ms} ms</span> : null}
          </div>
          <p className="step-summary">{step.summary}</p>
          {step.status === "failed" && step.hint ? (
            <p className="step-hint">
              <strong>Try:</strong> {step.hint}
            </p>
          ) : null}
          {step.http.length > 0 ? (
            <details className="step-http">
              <summary>
                {step.http.length} HTTP exchange{step.http.length === 1 ? "" : "s"}
              </summary>
              {step.http.map((exchange, i) => (
                <Exchange key={i} exchange={exchange} />
              ))}
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Exchange({ exchange }: { exchange: StepHttp }) {
  const headers = Object.entries(exchange.requestHeaders);
  return (
    <div className="exchange">
      <p className="mono small-print exchange-line">
        <strong>{exchange.method}</strong> {exchange.url}
        {exchange.status !== undefined ? <span className={`chip ${exchange.status < 400 ? "http-ok" : "http-bad"}`}>{exchange.status}</span> : null}
      </p>
      {exchange.failure ? <p className="error small-print">Not reached: {exchange.failure}</p> : null}
      {headers.length ? <pre className="exchange-body">{headers.map(([k, v]) => `${k}: ${v}`).join("\n")}</pre> : null}
      {exchange.requestBody ? <pre className="exchange-body" aria-label="Request body">{exchange.requestBody}</pre> : null}
      {exchange.responseBody ? <pre className="exchange-body" aria-label="Response body">{exchange.responseBody}</pre> : null}
    </div>
  );
}
