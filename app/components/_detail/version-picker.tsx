import type { VersionSummary } from "../types.ts";

/** Which version the page shows; the newest is marked "latest". */
export function VersionPicker({ versions, selected, onChange }: { versions: VersionSummary[]; selected: string; onChange: (version: string) => void }) {
  return (
    <label className="mk-version-picker">
      Version
      <select value={selected} onChange={(e) => onChange(e.target.value)}>
        {versions.map((version, index) => (
          <option key={version.version} value={version.version}>
            {version.version}
            {index === 0 ? " (latest)" : ""}
            {version.forced ? " — forced" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
