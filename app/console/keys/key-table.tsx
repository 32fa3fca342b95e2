"use client";
import { useState } from "react";
import type { KeyWithUsage } from "../../../server/keys/keys-service.ts";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" }) : "never");

const count = new Intl.NumberFormat("en-US");

const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function KeyTable({ keys, onRevoke, revoking }: { keys: KeyWithUsage[]; onRevoke: (id: string) => void; revoking: string | undefined }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (keys.length === 0) return <p className="empty">No keys yet.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="API keys">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Deployments</th>
            <th>Calls/min</th>
            <th>Created</th>
            <th>Last used</th>
            <th title="UTC day, all gateways">Calls today</th>
            <th title="requests counted against the key's daily quota (UTC day, all gateways)">Quota today</th>
            <th>Errors</th>
            <th>Avg latency</th>
            <th>Traffic</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-prefix={key.prefix}>
              <td>{key.name}</td>
              <td className="mono">sy_{key.prefix}_…</td>
              <td>{key.scopes.join(", ")}</td>
              <td>{key.rateLimitPerMinute}</td>
              <td>{when(key.createdAt)}</td>
              <td>{when(key.lastUsedAt)}</td>
              <td data-testid="calls-today">{count.format(key.today.calls)}</td>
              <td data-testid="quota-today">
                {key.dailyQuota === null ? (
                  <span data-testid="daily-quota">unlimited</span>
                ) : (
                  <>
                    {count.format(key.quotaUsed ?? 0)} / <span data-testid="daily-quota">{count.format(key.dailyQuota)}</span>
                  </>
                )}
              </td>
              <td>{key.today.errors}</td>
              <td>{key.today.calls === 0 ? "–" : `${(key.today.latencyMs / key.today.calls).toFixed(1)} ms`}</td>
              <td>{bytes(key.today.bytes)}</td>
              <td className={key.revokedAt ? "status-revoked" : "status-active"}>{key.revokedAt ? `revoked ${when(key.revokedAt)}` : "active"}</td>
              <td>
                {key.revokedAt ? null : confirming === key.id ? (
                  <>
                    <button type="button" className="danger" disabled={revoking === key.id} onClick={() => onRevoke(key.id)}>
                      Confirm revoke
                    </button>{" "}
                    <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <button type="button" className="secondary" onClick={() => setConfirming(key.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
