import Link from "next/link";
import { benchHref } from "./bench-link.ts";

/**
 * The bench connects to a deployment, so this opens the caller's deployment of this component
 * (the one on the shown version when there is one); with none yet, it leads to the deploy form.
 */
export function OpenInBench({ deployments, version, onDeployFirst }: { deployments: Array<{ name: string; version: string }>; version: string; onDeployFirst: () => void }) {
  const target = deployments.find((deployment) => deployment.version === version) ?? deployments[0];
  if (!target) {
    return (
      <button type="button" className="secondary" onClick={onDeployFirst} title="The bench connects to a deployment: deploy this component first">
        Open in bench
      </button>
    );
  }
  return (
    <Link className="mk-button secondary" href={benchHref(target.name)} title={`Open your deployment “${target.name}” (${target.version}) in the bench`}>
      Open in bench
    </Link>
  );
}
