import Link from "next/link";
import { TransportChips, VerifiedBadge } from "./badges.tsx";
import { ComponentAvatar } from "./component-avatar.tsx";
import { componentHref } from "./filters.ts";
import { ago, exactTime, plural } from "./format.ts";
import type { ComponentSummary } from "./types.ts";

/** One component in the list: what it is, who publishes it, and how current it is. */
export function ComponentCard({ component }: { component: ComponentSummary }) {
  return (
    <Link href={componentHref(component.name)} className="mk-card" data-component={component.name}>
      <div className="mk-card-head">
        <ComponentAvatar name={component.name} title={component.title} />
        <div className="mk-card-titles">
          <h3>
            {component.title ?? component.name.split("/").at(-1)}
            {component.verified ? <VerifiedBadge /> : null}
          </h3>
          <div className="mk-name mono">
            {component.name.split("/").map((part, index) => (
              <span key={index}>
                {index > 0 ? "/" : null}
                {index > 0 ? <wbr /> : null}
                {part}
              </span>
            ))}
          </div>
        </div>
      </div>
      <p className="mk-description">{component.description}</p>
      <div className="mk-card-foot">
        <span className="mk-version mono" title="latest version">
          v{component.latestVersion}
        </span>
        <TransportChips transports={component.transports} />
        <span className="mk-tools" data-testid="tool-count">
          {component.toolCount === null ? "no contract" : plural(component.toolCount, "tool")}
        </span>
      </div>
      <div className="mk-card-meta muted">
        {component.category ? <span className="mk-category">{component.category}</span> : null}
        <span>by {component.owner}</span>
        <span title={exactTime(component.publishedAt)}>updated {ago(component.publishedAt)}</span>
      </div>
    </Link>
  );
}
