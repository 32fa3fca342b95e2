"use client";
import type { A2aRules, RuleEntry } from "../../../runner/a2a/rules.ts";

export interface Target {
  original: string;
  description: string;
}

/** One row per tool (or skill): offer it under another name, hide it, describe it, render its results. */
export function RulesForm(props: { direction: "mcp-to-a2a" | "a2a-to-mcp"; targets: Target[]; rules: A2aRules; onChange(rules: A2aRules): void }) {
  const { rules, targets, direction } = props;
  const what = direction === "mcp-to-a2a" ? "tool" : "skill";
  const setEntry = (original: string, change: Partial<RuleEntry>) => {
    const next: RuleEntry = { ...rules.entries[original], ...change };
    for (const key of Object.keys(next) as Array<keyof RuleEntry>) if (next[key] === undefined || next[key] === "" || next[key] === false) delete next[key];
    const entries = { ...rules.entries };
    if (Object.keys(next).length === 0) delete entries[original];
    else entries[original] = next;
    props.onChange({ ...rules, entries });
  };
  const offered = targets.filter((t) => !rules.entries[t.original]?.hidden).map((t) => rules.entries[t.original]?.rename || t.original);
  return (
    <>
      <div className="actions">
        {direction === "mcp-to-a2a" ? (
          <label>
            Default skill (for messages that name none)
            <select value={rules.defaultSkill ?? ""} onChange={(e) => props.onChange({ ...rules, defaultSkill: e.target.value || undefined })} aria-label="default skill">
              <option value="">none</option>
              {offered.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          Results render as
          <select value={rules.rendering} onChange={(e) => props.onChange({ ...rules, rendering: e.target.value as A2aRules["rendering"] })} aria-label="rendering">
            <option value="auto">auto: text as text, structured as data</option>
            <option value="text">text</option>
            <option value="data">data</option>
          </select>
        </label>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{what}</th>
              <th>offered as</th>
              <th>hidden</th>
              <th>rendering</th>
              <th>description</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => {
              const entry = rules.entries[target.original] ?? {};
              return (
                <tr key={target.original} data-testid={`rule-${target.original}`}>
                  <td className="mono">{target.original}</td>
                  <td>
                    <input aria-label={`new name for ${target.original}`} placeholder={target.original} value={entry.rename ?? ""} onChange={(e) => setEntry(target.original, { rename: e.target.value || undefined })} />
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`hide ${target.original}`} checked={entry.hidden === true} onChange={(e) => setEntry(target.original, { hidden: e.target.checked || undefined })} style={{ minWidth: 0 }} />
                  </td>
                  <td>
                    <select aria-label={`rendering of ${target.original}`} value={entry.rendering ?? ""} onChange={(e) => setEntry(target.original, { rendering: (e.target.value || undefined) as RuleEntry["rendering"] })} style={{ minWidth: 0 }}>
                      <option value="">default</option>
                      <option value="auto">auto</option>
                      <option value="text">text</option>
                      <option value="data">data</option>
                    </select>
                  </td>
                  <td>
                    <input aria-label={`description of ${target.original}`} placeholder={target.description.slice(0, 80)} value={entry.description ?? ""} onChange={(e) => setEntry(target.original, { description: e.target.value || undefined })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
