"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import { useState } from "react";

const LEVELS: LoggingLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

/** logging/setLevel; the server's notifications/message then show in the timeline. */
export function LogLevel({ client }: { client: Client }) {
  const [level, setLevel] = useState<LoggingLevel | "">("");
  const [problem, setProblem] = useState<string | null>(null);
  const change = async (next: LoggingLevel) => {
    setLevel(next);
    setProblem(null);
    try {
      await client.setLoggingLevel(next);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <label className="log-level" title={problem ?? "The least severe log messages the server should send"}>
      Log level
      <select value={level} onChange={(e) => void change(e.target.value as LoggingLevel)} aria-invalid={problem !== null}>
        <option value="" disabled>
          server default
        </option>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
