import type { DeploymentRequest } from "../../agent/node-agent.ts";
import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";
import type { CompositeDeployment, ResolvedDeployment } from "../gateway.ts";
import type { Fleet } from "../routing/fleet.ts";
import { type CompositionMember, memberLabel } from "./composition-spec.ts";
import { type CompositeMemberLease, CompositeUpstream } from "./composite-upstream.ts";

/** The node a composite's lease names: it runs nowhere itself, its members run on real nodes. */
export const COMPOSITE_NODE = "composite";

/** What another gateway needs to take a composite session over: the composition and each member's process. */
interface CompositeLeaseRecord {
  v: 1;
  name: string;
  members: Array<{ spec: CompositionMember; deploymentId: string; node: string | null; process: string | null }>;
}

export function isComposite(deployment: ResolvedDeployment): deployment is CompositeDeployment {
  return deployment.composition !== undefined;
}

/** Why no session can start on a composite now (a member deleted or stopped), or undefined. */
export function compositeUnavailable(deployment: CompositeDeployment): { status: number; reason: string; message: string } | undefined {
  for (const [index, member] of deployment.composition.members.entries()) {
    const resolved = deployment.members[index];
    const which = `member ${index + 1} (${memberLabel(member)}) of composite "${deployment.name}"`;
    if (!resolved) return { status: 404, reason: "no_deployment", message: `${which}: your tenant has no deployment named "${member.deployment}" that runs a component; edit the composite` };
    if (resolved.stopped) return { status: 503, reason: "stopped", message: `${which}: deployment "${member.deployment}" is stopped; start it from the fleet console` };
  }
  return undefined;
}

/**
 * The gateway's fleet, composites included: a composite's session leases one process per member
 * from the fleet underneath (each member is an ordinary deployment) and gets a CompositeUpstream
 * over them; giving it back gives back every member's process. Anything else goes straight
 * through.
 */
export class ComposingFleet implements Fleet {
  constructor(private readonly fleet: Fleet) {}

  async lease(deployment: ResolvedDeployment | DeploymentRequest): Promise<Lease> {
    if (!("composition" in deployment) || deployment.composition === undefined) return this.fleet.lease(deployment);
    const composite = deployment as CompositeDeployment;
    const members = composite.composition.members;
    const settled = await Promise.allSettled(members.map((_, index) => this.fleet.lease(composite.members[index]!)));
    const failed = settled.findIndex((outcome) => outcome.status === "rejected");
    if (failed >= 0) {
      await Promise.allSettled(
        settled.map((outcome, index) => (outcome.status === "fulfilled" ? this.fleet.release(composite.members[index]!.id, outcome.value, "another member of its composite could not start") : undefined)),
      );
      const cause = (settled[failed] as PromiseRejectedResult).reason as Error;
      throw new Error(`member ${failed + 1} (${memberLabel(members[failed]!)}) of composite "${composite.name}" could not start: ${cause.message}`, { cause });
    }
    const leases: CompositeMemberLease[] = members.map((spec, index) => ({
      spec,
      deploymentId: composite.members[index]!.id,
      lease: (settled[index] as PromiseFulfilledResult<Lease>).value,
    }));
    const record: CompositeLeaseRecord = {
      v: 1,
      name: composite.name,
      members: leases.map(({ spec, deploymentId, lease }) => ({ spec, deploymentId, node: lease!.node, process: lease!.process })),
    };
    return { handle: new CompositeUpstream(composite.name, leases), node: COMPOSITE_NODE, process: JSON.stringify(record) };
  }

  async release(deploymentId: string, lease: Lease, reason: string): Promise<void> {
    if (!(lease.handle instanceof CompositeUpstream)) return this.fleet.release(deploymentId, lease, reason);
    const composite = lease.handle;
    composite.dispose();
    await Promise.all(composite.memberLeases().map((member) => this.fleet.release(member.deploymentId, member.lease, `${reason} (composite "${composite.name}")`)));
  }

  /** A composite session another gateway opened: each member's process found again; null when none is left. */
  async adopt(node: string, process: string): Promise<UpstreamHandle | null> {
    if (node !== COMPOSITE_NODE) return this.fleet.adopt(node, process);
    let record: CompositeLeaseRecord;
    try {
      record = JSON.parse(process) as CompositeLeaseRecord;
    } catch {
      return null;
    }
    if (record?.v !== 1 || !Array.isArray(record.members)) return null;
    const handles = await Promise.all(
      record.members.map((member) => (member.node !== null && member.process !== null ? this.fleet.adopt(member.node, member.process) : Promise.resolve(null))),
    );
    if (handles.every((handle) => handle === null)) return null;
    const leases: CompositeMemberLease[] = record.members.map((member, index) => {
      const handle = handles[index];
      return handle
        ? { spec: member.spec, deploymentId: member.deploymentId, lease: { handle, node: member.node!, process: member.process! } }
        : { spec: member.spec, deploymentId: member.deploymentId, lease: undefined, gone: "before the session moved to this gateway" };
    });
    return new CompositeUpstream(record.name, leases);
  }

  close(): Promise<void> {
    return this.fleet.close();
  }
}
