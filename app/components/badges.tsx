/** Small labels shared by the list and the detail page. */

export function VerifiedBadge() {
  return (
    <span className="mk-verified" title="Published by the Switchyard catalog" data-testid="verified">
      <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden>
        <path fill="currentColor" d="M8 0l2 1.6 2.5-.2.9 2.4 2.2 1.3-.6 2.5.6 2.5-2.2 1.3-.9 2.4-2.5-.2L8 16l-2-1.6-2.5.2-.9-2.4L.4 10.9 1 8.4.4 5.9l2.2-1.3.9-2.4 2.5.2z" />
        <path fill="#fff" d="M6.9 10.8L4.3 8.2l1-1 1.6 1.6 3.8-3.8 1 1z" />
      </svg>
      Verified
    </span>
  );
}

export function TransportChips({ transports }: { transports: string[] }) {
  return (
    <span className="mk-chips">
      {transports.map((transport) => (
        <span key={transport} className={`mk-chip mk-transport-${transport}`}>
          {transport}
        </span>
      ))}
    </span>
  );
}

export type ChangeKind = "breaking" | "compatible" | "cosmetic";

export function KindBadge({ kind }: { kind: ChangeKind }) {
  return <span className={`mk-kind mk-kind-${kind}`}>{kind}</span>;
}

/** The semver bump a set of changes calls for; "none" when the contract did not change. */
export function BumpBadge({ bump }: { bump: string | null }) {
  if (!bump) return <span className="mk-bump mk-bump-unknown">no contract to compare</span>;
  return <span className={`mk-bump mk-bump-${bump}`}>{bump === "none" ? "no bump needed" : `${bump} bump`}</span>;
}
