"use client";
import type { DraftMember, DraftTool, Review } from "./draft.ts";

type ReviewedMember = Review["members"][number];

const EMPTY: DraftTool = { name: "", description: "", fixed: "" };

/** A member's tools as its server lists them: tick the ones to offer, rename, describe, pin arguments. */
export function MemberTools({
  member,
  reviewed,
  invalid,
  onChange,
  onToggle,
}: {
  member: DraftMember;
  reviewed: ReviewedMember;
  /** Whether the server found a problem with this member's field (e.g. `tools.echo.fixedArguments`). */
  invalid: (field: string) => boolean;
  onChange: (tool: string, settings: DraftTool) => void;
  onToggle: (tool: string, selected: boolean, why: string | undefined) => void;
}) {
  if (reviewed.error) {
    return (
      <p className="notice" role="status">
        Its tools could not be listed: {reviewed.error}
      </p>
    );
  }
  if (reviewed.tools.length === 0) return <p className="empty">Its server lists no tools.</p>;
  return (
    <div className="table-wrap">
      <table aria-label={`Tools of member ${member.deployment}`}>
        <thead>
          <tr>
            <th title="offered by the composite">Offer</th>
            <th>Tool</th>
            <th>Offered as</th>
            <th>Rename</th>
            <th>Description</th>
            <th title='JSON object of argument values, injected into every call and hidden from callers, e.g. {"path": "/srv"}'>Fixed arguments</th>
          </tr>
        </thead>
        <tbody>
          {reviewed.tools.map((tool) => {
            const settings = member.tools[tool.name] ?? EMPTY;
            const set = (change: Partial<DraftTool>) => onChange(tool.name, { ...settings, ...change });
            const lockedByPattern = !tool.selected && tool.why === "excluded" && !member.exclude.split(",").map((p) => p.trim()).includes(tool.name);
            return (
              <tr key={tool.name} data-tool={tool.name} className={tool.selected ? undefined : "muted"}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Offer ${tool.name}`}
                    checked={tool.selected}
                    disabled={lockedByPattern}
                    title={lockedByPattern ? "excluded by a pattern: edit Exclude" : undefined}
                    onChange={() => onToggle(tool.name, tool.selected, tool.why)}
                  />
                </td>
                <td className="mono" title={tool.description}>
                  {tool.name}
                </td>
                <td className="mono">{tool.selected ? tool.finalName : <span className="muted">{tool.why}</span>}</td>
                <td>
                  <input className="compact" aria-label={`Rename ${tool.name}`} value={settings.name} placeholder={tool.name} onChange={(e) => set({ name: e.target.value })} />
                </td>
                <td>
                  <input className="compact" aria-label={`Description of ${tool.name}`} value={settings.description} placeholder="its own" onChange={(e) => set({ description: e.target.value })} />
                </td>
                <td>
                  <input
                    className="compact mono"
                    aria-label={`Fixed arguments of ${tool.name}`}
                    aria-invalid={invalid(`tools.${tool.name}.fixedArguments`)}
                    value={settings.fixed}
                    placeholder={tool.arguments.length > 0 ? `{"${tool.arguments[0]}": …}` : "no arguments"}
                    onChange={(e) => set({ fixed: e.target.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
