"use client";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { useState } from "react";
import type { UpdateMark } from "../../../server/bench/features/resource-updates.ts";

const clock = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false });

/** Subscribe to one resource, and what has happened to it since: when it last changed, and a re-read. */
export function SubscriptionBar(props: { client: Client; uri: string; subscribable: boolean; subscribed: boolean; mark: UpdateMark | undefined; onChange: (subscribed: boolean) => void; onReread: () => void }) {
  const { client, uri, subscribable, subscribed, mark, onChange, onReread } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (subscribed) await client.unsubscribeResource({ uri });
      else await client.subscribeResource({ uri });
      onChange(!subscribed);
    } catch (error) {
      setProblem(`${subscribed ? "resources/unsubscribe" : "resources/subscribe"} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="subscription" data-testid="subscription">
      <button type="button" className="secondary small" onClick={() => void toggle()} disabled={!subscribable || busy} title={subscribable ? undefined : "the server does not declare resources.subscribe"}>
        {subscribed ? "Unsubscribe" : "Subscribe"}
      </button>
      {!subscribable ? <span className="muted small-print">The server offers no subscriptions.</span> : null}
      {subscribed && !mark ? <span className="muted small-print">Subscribed: waiting for notifications/resources/updated…</span> : null}
      {subscribed && mark ? (
        <span className={mark.unseen ? "update-mark unseen" : "update-mark"} role="status">
          Updated at <time dateTime={new Date(mark.at).toISOString()}>{clock(mark.at)}</time> · {mark.count} update{mark.count === 1 ? "" : "s"} since subscribing
          {mark.unseen ? " · not read yet" : ""}{" "}
          <button type="button" className="link" onClick={onReread}>
            Re-read
          </button>
        </span>
      ) : null}
      {problem ? (
        <span className="error small-print" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
