"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../_trpc/client.ts";
import type { ConnectionSpec } from "../../../server/bench/session/connection-spec.ts";
import type { Timeline } from "../../../server/bench/session/timeline.ts";

/** "Save trace": the tab's timeline stored for the tenant (redacted on the server), with its link. */
export function SaveTrace({ spec, timeline }: { spec: ConnectionSpec; timeline: Timeline }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.traces.save.mutationOptions());
  const saved = save.data;
  const link = saved ? `/bench/traces/${saved.id}` : undefined;
  return (
    <span className="save-trace">
      <button
        type="button"
        className="secondary small"
        disabled={save.isPending}
        title="Store this tab's timeline as a trace for your tenant (credentials redacted) and get a link to share"
        onClick={() =>
          save.mutate({
            name: `${spec.label} — ${new Date().toISOString().slice(0, 19).replace("T", " ")}`,
            connection: { ...spec },
            messages: timeline.snapshot().map((entry) => ({ ...entry })),
          })
        }
      >
        {save.isPending ? "Saving…" : "Save trace"}
      </button>
      {link ? (
        <a href={link} target="_blank" rel="noreferrer" data-testid="trace-link" title={saved!.redacted.length ? `redacted: ${saved!.redacted.join(", ")}` : "nothing needed redacting"}>
          {link}
        </a>
      ) : null}
      {save.error ? (
        <span className="field-error" role="alert">
          {save.error.message}
        </span>
      ) : null}
    </span>
  );
}
