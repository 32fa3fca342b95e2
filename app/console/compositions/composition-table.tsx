"use client";
import { useState } from "react";
import type { CompositionView } from "./draft.ts";

/** The tenant's composites: members, the endpoint to call, edit and delete. */
export function CompositionTable({
  compositions,
  onEdit,
  onDelete,
  deleting,
}: {
  compositions: CompositionView[];
  onEdit: (view: CompositionView) => void;
  onDelete: (name: string) => void;
  deleting: string | undefined;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (compositions.length === 0) return <p className="empty">No composites yet.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Composites">
        <thead>
          <tr>
            <th>Name</th>
            <th>Members</th>
            <th>Endpoint</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {compositions.map((view) => (
            <tr key={view.name} data-composite={view.name}>
              <td>{view.name}</td>
              <td>
                {view.composition.members.map((member, index) => (
                  <div key={index} className="mono">
                    {member.prefix ? `${member.prefix}… ← ` : ""}
                    {member.deployment}
                  </div>
                ))}
              </td>
              <td>
                <code data-testid="endpoint">{view.endpoints.mcp}</code>
                <div className="muted mono">
                  {view.endpoints.sse} · {view.endpoints.ws}
                </div>
              </td>
              <td className={view.stopped ? "status-revoked" : "status-active"}>{view.stopped ? "stopped" : "active"}</td>
              <td>
                {confirming === view.name ? (
                  <>
                    <button type="button" className="danger" disabled={deleting === view.name} onClick={() => onDelete(view.name)}>
                      Confirm delete
                    </button>{" "}
                    <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <>
                    <button type="button" className="secondary" onClick={() => onEdit(view)}>
                      Edit
                    </button>{" "}
                    <button type="button" className="secondary" onClick={() => setConfirming(view.name)}>
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
