"use client";
import { useState } from "react";
import type { Diagnosis, DiagnosisStep } from "../../../server/bench/diagnose/connect-failure.ts";
import type { ConnectionSpec } from "../../../server/bench/session/connection-spec.ts";
import { saveBenchKey } from "../connect/bench-key.ts";

/** The steps of connecting, in order; each diagnosis step belongs to one. */
const CHAIN = [
  { label: "Session", steps: ["session", "request"] },
  { label: "Address", steps: ["blocked"] },
  { label: "DNS", steps: ["dns"] },
  { label: "TCP", steps: ["tcp"] },
  { label: "TLS", steps: ["tls"] },
  { label: "HTTP", steps: ["http", "redirect", "http-status", "auth", "content-type"] },
  { label: "MCP", steps: ["not-mcp", "timeout"] },
  { label: "Revision", steps: ["protocol-version"] },
] as const satisfies ReadonlyArray<{ label: string; steps: readonly DiagnosisStep[] }>;

/** Which step failed, in words, what to try, and the raw error one click away. */
export function FailureView({ diagnosis, spec, onRetry }: { diagnosis: Diagnosis; spec: ConnectionSpec; onRetry: () => void }) {
  const [showRaw, setShowRaw] = useState(false);
  const failedAt = CHAIN.findIndex((link) => (link.steps as readonly string[]).includes(diagnosis.step));
  const plain = spec.url.startsWith("http:");
  return (
    <section className="failure" role="alert" data-step={diagnosis.step} aria-label="Connection failed">
      {failedAt >= 0 ? (
        <ol className="chain" aria-label="Connection steps">
          {CHAIN.map((link, index) => {
            const state = index < failedAt ? (link.label === "TLS" && plain ? "skipped" : "ok") : index === failedAt ? "failed" : "pending";
            return (
              <li key={link.label} className={`chain-${state}`} aria-current={state === "failed" ? "step" : undefined}>
                {link.label}
              </li>
            );
          })}
        </ol>
      ) : null}
      <h3 data-testid="failure-title">{diagnosis.title}</h3>
      <p>{diagnosis.detail}</p>
      {diagnosis.hints.length ? (
        <ul className="hints">
          {diagnosis.hints.map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ul>
      ) : null}
      <div className="failure-actions">
        <button type="button" onClick={onRetry}>
          Retry
        </button>
        {spec.kind === "hosted" && diagnosis.step === "auth" ? (
          <button type="button" className="secondary" onClick={() => saveBenchKey(null)}>
            Forget this key
          </button>
        ) : null}
        <button type="button" className="link" onClick={() => setShowRaw((s) => !s)} aria-expanded={showRaw}>
          {showRaw ? "Hide the raw error" : "Show the raw error"}
        </button>
      </div>
      {showRaw ? <pre className="raw-error">{diagnosis.raw}</pre> : null}
    </section>
  );
}
