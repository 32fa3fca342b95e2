"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import { KEY_FORMAT, keyPrefix, saveBenchKey, useBenchKey } from "./bench-key.ts";

/** Shows the bench's API key, or makes or takes one. */
export function KeyPanel({ compact = false }: { compact?: boolean }) {
  const key = useBenchKey();
  const [replacing, setReplacing] = useState(false);
  if (key && !replacing) {
    return (
      <div className="key-status" data-testid="bench-key">
        <span className="dot" aria-hidden />
        Bench key <code>{keyPrefix(key)}</code> <span className="muted">in this browser</span>
        {compact ? null : (
          <>
            <button type="button" className="link" onClick={() => setReplacing(true)}>
              Replace
            </button>
            <button type="button" className="link" onClick={() => saveBenchKey(null)}>
              Forget
            </button>
          </>
        )}
      </div>
    );
  }
  return <KeySetup onDone={() => setReplacing(false)} />;
}

function KeySetup({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [pasted, setPasted] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: (result) => {
        saveBenchKey(result.key);
        onDone();
      },
    }),
  );
  const use = (event: FormEvent) => {
    event.preventDefault();
    const key = pasted.trim();
    if (!KEY_FORMAT.test(key)) return setProblem("expected a Switchyard key: sy_ followed by 12 hex characters, _ and 43 more");
    saveBenchKey(key);
    onDone();
  };
  return (
    <div className="key-setup">
      <p>
        The gateway needs one of your API keys. Keys are stored hashed, so the bench keeps its own in this browser (localStorage):
      </p>
      <div className="key-actions">
        <button type="button" onClick={() => create.mutate({ name: "bench (browser)", scopes: ["*"] })} disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create a bench key"}
        </button>
        <span className="muted">or</span>
        <form className="paste-key" onSubmit={use}>
          <input
            aria-label="Paste an API key"
            placeholder="sy_…"
            value={pasted}
            onChange={(e) => {
              setPasted(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem !== null}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="secondary">
            Use key
          </button>
        </form>
      </div>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
      {create.error ? <p className="error" role="alert">Could not create a key: {create.error.message}</p> : null}
    </div>
  );
}
