import { Fragment } from "react";
import { ago, exactTime } from "../format.ts";
import type { VersionSummary } from "../types.ts";
import { probeState } from "./probe-state.ts";
import { safeHref } from "./readme-links.ts";

/** The shown version at a glance: when and by whom, its contract hash, links, and the revisions it speaks. */
export function AboutBox({ version, manifest, onCompatibility }: { version: VersionSummary; manifest: Record<string, unknown> | undefined; onCompatibility: () => void }) {
  const repository = safeHref(stringAt(manifest, "repository", "url"));
  const website = safeHref(stringAt(manifest, "websiteUrl"));
  const remotes = remotesOf(manifest);
  return (
    <>
      <section className="mk-box" aria-label="About this version">
        <h3>Version {version.version}</h3>
        <dl className="mk-facts">
          <dt>Published</dt>
          <dd title={exactTime(version.publishedAt)}>
            {ago(version.publishedAt)}
            {version.publishedBy ? ` by ${version.publishedBy}` : ""}
          </dd>
          {version.previousVersion ? (
            <>
              <dt>Previous</dt>
              <dd className="mono">{version.previousVersion}</dd>
            </>
          ) : null}
          {version.snapshotHash ? (
            <>
              <dt>Contract</dt>
              <dd className="mono" title={`sha256:${version.snapshotHash}`}>
                sha256:{version.snapshotHash.slice(0, 12)}…
              </dd>
            </>
          ) : null}
          {repository ? (
            <>
              <dt>Repository</dt>
              <dd>
                <a href={repository} target="_blank" rel="noopener noreferrer nofollow">
                  {repository.replace(/^https?:\/\//, "")}
                </a>
              </dd>
            </>
          ) : null}
          {website ? (
            <>
              <dt>Website</dt>
              <dd>
                <a href={website} target="_blank" rel="noopener noreferrer nofollow">
                  {website.replace(/^https?:\/\//, "")}
                </a>
              </dd>
            </>
          ) : null}
          {remotes.map((remote) => (
            <Fragment key={remote.url}>
              <dt>Remote</dt>
              <dd className="mono" title={`${remote.type} endpoint run by the publisher`}>
                {remote.url}
              </dd>
            </Fragment>
          ))}
        </dl>
        {version.forced ? <p className="mk-forced-note mk-small">Published past breaking changes (forced).</p> : null}
      </section>
      <section className="mk-box" aria-label="MCP revisions">
        <h3>MCP revisions</h3>
        {version.compatibility.length === 0 ? (
          <p className="muted mk-small">Not probed.</p>
        ) : (
          <ul className="mk-revisions">
            {version.compatibility.map((probe) => {
              const state = probeState(probe);
              return (
                <li key={probe.revision} title={probe.error ?? state.label}>
                  <span className={`mk-state mk-state-${state.kind}`} aria-hidden>
                    {state.icon}
                  </span>
                  <span className="mono">{probe.revision}</span>
                  <span className="muted mk-small">{state.label}</span>
                </li>
              );
            })}
          </ul>
        )}
        <button type="button" className="mk-link mk-small" onClick={onCompatibility}>
          Compatibility details
        </button>
      </section>
    </>
  );
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) current = current && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined;
  return typeof current === "string" ? current : undefined;
}

/** The publisher's own endpoints (`remotes[]`), shown as text: they are not ours to vouch for. */
function remotesOf(manifest: Record<string, unknown> | undefined): Array<{ type: string; url: string }> {
  const remotes = manifest?.remotes;
  if (!Array.isArray(remotes)) return [];
  return remotes.flatMap((remote: unknown) => {
    const url = stringAt(remote, "url");
    return url ? [{ type: stringAt(remote, "type") ?? "remote", url }] : [];
  });
}
