"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import type { A2aRules } from "../../../runner/a2a/rules.ts";
import { RulesForm } from "./rules-form.tsx";

const EMPTY: A2aRules = { entries: {}, rendering: "auto" };

/** Parses a JSON text field, or says what is wrong with it. */
function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON: ${(error as Error).message}` };
  }
}

export default function A2aPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fleet = useQuery(trpc.fleet.overview.queryOptions());
  const [deployment, setDeployment] = useState("");
  const view = useQuery({ ...trpc.a2a.rules.queryOptions({ deployment }), enabled: deployment !== "" });
  const [rules, setRules] = useState<A2aRules>(EMPTY);
  const [rulesText, setRulesText] = useState(JSON.stringify(EMPTY, null, 2));
  const [sample, setSample] = useState({ text: "", data: "", skillId: "", result: "" });
  const [inputError, setInputError] = useState<string | null>(null);
  const preview = useMutation(trpc.a2a.preview.mutationOptions());
  const save = useMutation(trpc.a2a.saveRules.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.a2a.rules.queryKey({ deployment }) }) }));

  useEffect(() => {
    if (!view.data) return;
    setRules(view.data.rules);
    setRulesText(JSON.stringify(view.data.rules, null, 2));
  }, [view.data]);

  if (fleet.error?.data?.code === "UNAUTHORIZED") {
    return (
      <>
        <h1>A2A</h1>
        <p className="notice">{fleet.error.message}</p>
      </>
    );
  }

  const names = [...(fleet.data?.deployments ?? []).map((d) => d.name), ...(fleet.data?.composites ?? []).map((c) => c.name)].sort();
  const updateRules = (next: A2aRules) => {
    setRules(next);
    setRulesText(JSON.stringify(next, null, 2));
  };
  const direction = view.data?.direction ?? "mcp-to-a2a";

  const runPreview = () => {
    const data = parseJson(sample.data, "the sample data");
    const result = parseJson(sample.result, direction === "mcp-to-a2a" ? "the sample tool result" : "the sample parts");
    const problem = !data.ok ? data.error : !result.ok ? result.error : null;
    setInputError(problem);
    if (problem || !data.ok || !result.ok) return;
    const message = direction === "mcp-to-a2a" && (sample.text || data.value || sample.skillId) ? { text: sample.text || undefined, data: data.value as Record<string, unknown> | undefined, skillId: sample.skillId || undefined } : undefined;
    const rendered = direction === "mcp-to-a2a" ? { result: result.value as never } : { parts: result.value as never };
    preview.mutate({ deployment, rules, sample: { ...(message ? { message } : {}), ...(result.value === undefined ? {} : rendered) } });
  };

  return (
    <>
      <h1>A2A</h1>
      <p className="lead">
        Each deployment is also an A2A agent (its tools are skills), and a registered A2A agent is served as an MCP server (its skills are tools). Adaptation
        rules rename or hide them, set the default skill, and choose how results render. Preview the rules against a sample before you save them.
      </p>

      <section className="panel">
        <label>
          Deployment
          <select value={deployment} onChange={(e) => setDeployment(e.target.value)} aria-label="deployment">
            <option value="">choose a deployment</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {view.error ? <p className="error">{view.error.message}</p> : null}
        {view.data ? (
          <p className="muted" data-testid="a2a-endpoint">
            {view.data.direction === "mcp-to-a2a" ? "A2A agent at " : "MCP server at "}
            <code>{view.data.endpoint}</code>
            {view.data.direction === "mcp-to-a2a" ? (
              <>
                {" "}
                (card: <code>{view.data.endpoint}/.well-known/agent-card.json</code>)
              </>
            ) : null}
          </p>
        ) : null}
        {view.data?.targetsUnknown ? <p className="notice">{view.data.targetsUnknown}</p> : null}
        {view.data && view.data.problems.length > 0 ? (
          <div className="notice">
            The saved rules no longer fit:
            <ul>
              {view.data.problems.map((p) => (
                <li key={p.path}>
                  <code>{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {view.data ? (
        <>
          <section className="panel">
            <h3>Rules</h3>
            <RulesForm direction={direction} targets={view.data.targets} rules={rules} onChange={updateRules} />
            <label style={{ marginTop: 14 }}>
              The rule set as JSON (also argument mappings, e.g. {'{"arguments": {"orderId": "order.id", "note": "$text"}}'}, and result parts)
              <textarea
                aria-label="rules JSON"
                rows={10}
                className="mono"
                value={rulesText}
                onChange={(e) => setRulesText(e.target.value)}
                onBlur={() => {
                  const parsed = parseJson(rulesText, "the rule set");
                  setInputError(parsed.ok ? null : parsed.error);
                  if (parsed.ok) setRules((parsed.value as A2aRules | undefined) ?? EMPTY);
                }}
              />
            </label>
          </section>

          <section className="panel">
            <h3>Preview</h3>
            {direction === "mcp-to-a2a" ? (
              <div className="actions">
                <label>
                  skillId
                  <input value={sample.skillId} onChange={(e) => setSample({ ...sample, skillId: e.target.value })} placeholder="default skill" aria-label="sample skill" />
                </label>
                <label>
                  message text
                  <input value={sample.text} onChange={(e) => setSample({ ...sample, text: e.target.value })} aria-label="sample text" />
                </label>
                <label>
                  data part (JSON)
                  <input value={sample.data} onChange={(e) => setSample({ ...sample, data: e.target.value })} placeholder='{"a": 1}' aria-label="sample data" />
                </label>
              </div>
            ) : null}
            <label>
              {direction === "mcp-to-a2a" ? "a tool result (JSON), to see it as A2A parts" : "A2A parts (v1.0 JSON), to see them as MCP content"}
              <textarea
                rows={4}
                className="mono"
                aria-label="sample result"
                value={sample.result}
                onChange={(e) => setSample({ ...sample, result: e.target.value })}
                placeholder={direction === "mcp-to-a2a" ? '{"content": [{"type": "text", "text": "done"}], "structuredContent": {"ok": true}}' : '[{"text": "done"}, {"data": {"ok": true}}]'}
              />
            </label>
            <div className="actions" style={{ marginTop: 12 }}>
              <button type="button" className="secondary" onClick={runPreview} disabled={preview.isPending}>
                Preview
              </button>
              <button type="button" onClick={() => save.mutate({ deployment, rules })} disabled={save.isPending || inputError !== null}>
                Save rules
              </button>
            </div>
            {inputError ? <p className="error">{inputError}</p> : null}
            {preview.error ? <p className="error">{preview.error.message}</p> : null}
            {save.error ? <p className="error">Not saved: {save.error.message}</p> : null}
            {save.isSuccess ? (
              <p className="notice saved" role="status">
                Rules saved. New sessions and tasks use them.
              </p>
            ) : null}
            {preview.data ? <pre data-testid="a2a-preview">{JSON.stringify(preview.data, null, 2)}</pre> : null}
          </section>
        </>
      ) : null}
    </>
  );
}
