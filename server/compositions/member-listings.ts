import type { ServedDeployment } from "../../runner/gateway/gateway.ts";
import { listDeploymentTools } from "../../runner/gateway/compose/list-tools.ts";
import type { MemberListing } from "../../runner/gateway/compose/review.ts";
import type { Fleet } from "../../runner/gateway/routing/fleet.ts";
import { RemoteFleet } from "../../runner/gateway/routing/remote-fleet.ts";
import type { Runtime } from "../runtime-registry.ts";

/** Each deployment's live tools (or why they could not be listed), in the order given. */
export type MemberLister = (deployments: readonly ServedDeployment[]) => Promise<MemberListing[]>;

/** Lists through a fleet, each deployment once however often it is a member. */
export function fleetLister(fleet: Fleet): MemberLister {
  return async (deployments) => {
    const byId = new Map<string, Promise<MemberListing>>();
    for (const deployment of deployments) if (!byId.has(deployment.id)) byId.set(deployment.id, listDeploymentTools(fleet, deployment));
    return Promise.all(deployments.map((deployment) => byId.get(deployment.id)!));
  };
}

/** How long a deployment's listed tools are reused: a person editing a composition previews it again and again. */
const REUSE_MS = 20_000;
const recent = new Map<string, { until: number; listing: Promise<MemberListing> }>();

/**
 * Lists through the node agents registered in the engine, leasing a process from each member's
 * pool as a gateway would (the web tier runs no agent of its own in saas mode). Each lease costs
 * the pool a process, so a deployment's tools are reused for a few seconds.
 */
export function agentsLister(runtime: Runtime): MemberLister {
  return async (deployments) => {
    const now = Date.now();
    for (const [id, entry] of recent) if (entry.until <= now) recent.delete(id);
    const missing = deployments.filter((deployment) => !recent.has(deployment.id));
    if (missing.length > 0) {
      const fleet = new RemoteFleet(runtime.engine, runtime.agentToken, runtime.log.child({ part: "compositions" }));
      const listed = fleetLister(fleet)(missing).finally(() => fleet.close());
      for (const [index, deployment] of missing.entries()) {
        const listing = listed.then((all) => all[index]!);
        recent.set(deployment.id, { until: now + REUSE_MS, listing });
        // Failures are not reused: the next preview asks again (the member may have been started since).
        void listing.then((result) => {
          if ("error" in result) recent.delete(deployment.id);
        });
      }
    }
    return Promise.all(deployments.map((deployment) => recent.get(deployment.id)?.listing ?? Promise.resolve({ error: "not listed" })));
  };
}
