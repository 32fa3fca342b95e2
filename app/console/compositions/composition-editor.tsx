"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTRPC } from "../../_trpc/client.ts";
import { type CompositionView, type DraftMember, type Review, draftOf, emptyMember, membersOf, toggled } from "./draft.ts";
import { MemberTools } from "./member-tools.tsx";

/** How long the form waits after a change before it previews again. */
const PREVIEW_AFTER_MS = 400;

interface ErrorData {
  fieldErrors?: Record<string, string>;
  details?: { fieldErrors?: Record<string, string>; problems?: string[] };
}

export function CompositionEditor({
  editing,
  deployments,
  onSaved,
  onCancel,
}: {
  /** The composite being edited, or null for a new one. */
  editing: CompositionView | null;
  /** The tenant's deployments that can be members. */
  deployments: Array<{ name: string; component: string; version: string }>;
  onSaved: (view: CompositionView, warnings: string[]) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(editing?.name ?? "");
  const [members, setMembers] = useState<DraftMember[]>(() => (editing ? draftOf(editing) : [emptyMember()]));
  const [review, setReview] = useState<Review | null>(null);
  const preview = useMutation(trpc.compositions.preview.mutationOptions({ onSuccess: (result) => setReview(result) }));
  const create = useMutation(trpc.compositions.create.mutationOptions());
  const update = useMutation(trpc.compositions.update.mutationOptions());
  const save = editing ? update : create;

  const parsed = useMemo(() => membersOf(members), [members]);
  const ready = members.every((member) => member.deployment !== "");
  const requestKey = parsed.ok && ready ? JSON.stringify(parsed.members) : null;

  // Previews again a moment after each change: the members' tools, and the composite's.
  useEffect(() => {
    if (requestKey === null || !parsed.ok) return;
    const timer = setTimeout(() => preview.mutate({ name: editing?.name, members: parsed.members }), PREVIEW_AFTER_MS);
    return () => clearTimeout(timer);
    // The key stands for the members: a new render with the same members previews nothing new.
  }, [requestKey]);

  const error = save.error ?? preview.error;
  const data = (error?.data ?? {}) as ErrorData;
  const fieldErrors = { ...data.fieldErrors, ...data.details?.fieldErrors, ...(parsed.ok ? {} : { [parsed.field]: parsed.message }) };
  const invalid = (field: string) => Object.keys(fieldErrors).some((key) => key === field || key.startsWith(`${field}.`));
  const problems = data.details?.problems ?? review?.problems ?? [];

  const change = (index: number, next: Partial<DraftMember> | ((member: DraftMember) => DraftMember)) =>
    setMembers((all) => all.map((member, i) => (i === index ? (typeof next === "function" ? next(member) : { ...member, ...next }) : member)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!parsed.ok) return;
    save.mutate(
      { name, members: parsed.members },
      {
        onSuccess: (result) => {
          onSaved(result.view, result.review.warnings);
          if (!editing) {
            setName("");
            setMembers([emptyMember()]);
            setReview(null);
          }
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label={editing ? `Edit composite ${editing.name}` : "Create a composite"}>
      <div className="panel-head">
        <h3>{editing ? `Edit ${editing.name}` : "New composite"}</h3>
        {preview.isPending ? <span className="muted" role="status">Listing tools…</span> : null}
      </div>
      <div className="inline form-row">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="workbench" disabled={editing !== null} aria-invalid={invalid("name")} />
        </label>
      </div>

      {members.map((member, index) => {
        const reviewed = review?.members[index];
        const current = reviewed !== undefined && reviewed.deployment === member.deployment ? reviewed : undefined;
        const field = (name: string) => invalid(`members.${index}.${name}`);
        return (
          <fieldset key={member.key} className="member" aria-label={`Member ${index + 1}`}>
            <legend>Member {index + 1}</legend>
            <div className="inline form-row">
              <label>
                Deployment
                <select value={member.deployment} onChange={(e) => change(index, { deployment: e.target.value })} aria-invalid={field("deployment")}>
                  <option value="">choose…</option>
                  {deployments.map((d) => (
                    <option key={d.name} value={d.name}>
                      {d.name} ({d.component}@{d.version})
                    </option>
                  ))}
                  {member.deployment !== "" && !deployments.some((d) => d.name === member.deployment) ? (
                    <option value={member.deployment}>{member.deployment} (not found)</option>
                  ) : null}
                </select>
              </label>
              <label>
                Prefix
                <input className="short" value={member.prefix} onChange={(e) => change(index, { prefix: e.target.value })} placeholder="gh_" aria-invalid={field("prefix")} />
              </label>
              <label>
                Include (names or globs)
                <input value={member.include} onChange={(e) => change(index, { include: e.target.value })} placeholder="all" aria-invalid={field("include")} />
              </label>
              <label>
                Exclude
                <input value={member.exclude} onChange={(e) => change(index, { exclude: e.target.value })} placeholder="none" aria-invalid={field("exclude")} />
              </label>
              {members.length > 1 ? (
                <button type="button" className="secondary" onClick={() => setMembers((all) => all.filter((_, i) => i !== index))}>
                  Remove member
                </button>
              ) : null}
            </div>
            {member.deployment === "" ? null : current ? (
              <MemberTools
                member={member}
                reviewed={current}
                invalid={(name) => field(name)}
                onChange={(tool, settings) => change(index, (m) => ({ ...m, tools: { ...m.tools, [tool]: settings } }))}
                onToggle={(tool, selected, why) => change(index, (m) => toggled(m, tool, selected, why))}
              />
            ) : (
              <p className="empty">Listing its tools…</p>
            )}
          </fieldset>
        );
      })}

      <div className="actions">
        <button type="button" className="secondary" disabled={members.length >= 16} onClick={() => setMembers((all) => [...all, emptyMember()])}>
          Add member
        </button>
        <button type="submit" disabled={save.isPending || !parsed.ok || !ready}>
          {save.isPending ? "Saving…" : editing ? "Save changes" : "Save composite"}
        </button>
        {editing ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>

      {error || !parsed.ok ? (
        <p className="error" role="alert">
          {parsed.ok ? error?.message : parsed.message}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="problems" aria-label="Problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {review && review.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {review.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}

      {review ? <ResultingTools review={review} /> : null}
    </form>
  );
}

/** What the gateway will offer: each final name, where it goes, and what is pinned. */
function ResultingTools({ review }: { review: Review }) {
  return (
    <>
      <h3 className="section">Resulting tools ({review.tools.length})</h3>
      {review.tools.length === 0 ? (
        <p className="empty">No tools: tick some above.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Resulting tools">
            <thead>
              <tr>
                <th>Name</th>
                <th>From</th>
                <th>Fixed arguments</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {review.tools.map((tool) => (
                <tr key={tool.name} data-tool={tool.name}>
                  <td className="mono">{tool.name}</td>
                  <td className="mono">
                    {tool.deployment}.{tool.originalName}
                  </td>
                  <td className="mono">{tool.fixedArguments ? JSON.stringify(tool.fixedArguments) : "–"}</td>
                  <td>{tool.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
