import { annotationBadges } from "../../../server/bench/tools/read-tools.ts";

/** A tool's annotation hints (read-only, destructive, …) as badges. */
export function AnnotationBadges({ annotations }: { annotations: Parameters<typeof annotationBadges>[0] }) {
  return (
    <span className="badges">
      {annotationBadges(annotations).map((b) => (
        <span key={b.label} className={`hint hint-${b.tone}`} title={b.title}>
          {b.label}
        </span>
      ))}
    </span>
  );
}
