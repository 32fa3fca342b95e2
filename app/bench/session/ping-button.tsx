"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useState } from "react";

/** ping, with the round trip it took (or why it failed). */
export function PingButton({ client }: { client: Client }) {
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ping = async () => {
    setBusy(true);
    const started = performance.now();
    try {
      await client.ping({ timeout: 10_000 });
      setResult(`${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      setResult(`failed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="ping">
      <button type="button" className="secondary small" onClick={ping} disabled={busy}>
        Ping
      </button>
      {result ? (
        <span className="muted small-print" data-testid="ping-result">
          {result}
        </span>
      ) : null}
    </span>
  );
}
