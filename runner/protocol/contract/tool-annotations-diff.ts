import type { ChangeSite, ContractChange } from "./change.ts";
import type { ToolAnnotations } from "./snapshot.ts";

interface Hint {
  key: keyof ToolAnnotations;
  /** Whether the tool is in the state that lets a client call it without asking first. */
  isSafe: (annotations: ToolAnnotations) => boolean;
  /** Destructive and idempotent only mean something for a tool that is not read-only (MCP spec). */
  onlyWhenWritable: boolean;
  lost: string;
  gained: string;
}

/**
 * Clients decide whether to ask before a call from these hints, so leaving the safe state is
 * breaking and reaching it compatible. Absent hints take their MCP defaults (idempotent false,
 * open-world true) except destructiveHint: the spec defaults it to true, but here absent counts as
 * not destructive, so a tool that starts declaring itself destructive is reported as a flip.
 * When read-only itself flips, that one change is reported rather than its echo in the others.
 */
const HINTS: Hint[] = [
  {
    key: "readOnlyHint",
    isSafe: (hints) => hints.readOnlyHint === true,
    onlyWhenWritable: false,
    lost: "is no longer marked read-only",
    gained: "is now marked read-only",
  },
  {
    key: "destructiveHint",
    isSafe: (hints) => hints.destructiveHint !== true,
    onlyWhenWritable: true,
    lost: "is now marked destructive",
    gained: "is no longer marked destructive",
  },
  {
    key: "idempotentHint",
    isSafe: (hints) => hints.idempotentHint === true,
    onlyWhenWritable: true,
    lost: "is no longer marked idempotent",
    gained: "is now marked idempotent",
  },
  {
    key: "openWorldHint",
    isSafe: (hints) => hints.openWorldHint === false,
    onlyWhenWritable: false,
    lost: "may now reach outside systems (openWorldHint)",
    gained: "no longer reaches outside systems (openWorldHint)",
  },
];

export function diffToolAnnotations(previous: ToolAnnotations, next: ToolAnnotations, site: ChangeSite): ContractChange[] {
  const changes: ContractChange[] = [];
  const readOnlyEither = previous.readOnlyHint === true || next.readOnlyHint === true;
  for (const hint of HINTS) {
    if (hint.onlyWhenWritable && readOnlyEither) continue;
    const wasSafe = hint.isSafe(previous);
    if (wasSafe === hint.isSafe(next)) continue;
    const path = `${site.path}.annotations.${hint.key}`;
    changes.push(
      wasSafe
        ? { kind: "breaking", path, message: `${site.subject} ${hint.lost}` }
        : { kind: "compatible", path, message: `${site.subject} ${hint.gained}` },
    );
  }
  if (previous.title !== next.title) {
    changes.push({ kind: "cosmetic", path: `${site.path}.annotations.title`, message: `${site.subject}: annotation title changed` });
  }
  return changes;
}
