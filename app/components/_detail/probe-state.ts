import type { RevisionProbe } from "../types.ts";

export type ProbeKind = "ok" | "partial" | "failed";

/** One revision's outcome in a word: initialized and listed, initialized only, or not at all. */
export function probeState(probe: RevisionProbe): { kind: ProbeKind; icon: string; label: string } {
  if (probe.initialized && probe.listed) {
    const negotiatedAway = probe.negotiated && probe.negotiated !== probe.revision;
    return negotiatedAway ? { kind: "partial", icon: "↷", label: `negotiated ${probe.negotiated}` } : { kind: "ok", icon: "✓", label: "works" };
  }
  if (probe.initialized) return { kind: "partial", icon: "!", label: "lists failed" };
  return { kind: "failed", icon: "✕", label: "does not initialize" };
}
