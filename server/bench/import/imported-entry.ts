import type { LocalCommand } from "../local-command/local-command-spec.ts";
import type { TransportKind } from "../session/connection-spec.ts";

/** One server found in an imported file, and what the bench makes of it. */
export interface ImportedEntry {
  name: string;
  /** Where in the file it was, e.g. mcpServers.github or packages[0]. */
  path: string;
  target: { kind: "stdio"; command: LocalCommand } | { kind: "remote"; url: string; transport: TransportKind; headers: Record<string, string> };
  /** What the user should know before connecting: values to fill in, local mode needed, fields ignored. */
  notes: string[];
}

export type ImportResult = { ok: true; format: string; entries: ImportedEntry[] } | { ok: false; path: string; message: string };

/** A zod issue path as a JSON path a person can find in the file: mcpServers.github.args[0]. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(top level)";
}
