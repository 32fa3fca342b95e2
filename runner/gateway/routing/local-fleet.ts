import type { DeploymentRequest, NodeAgent } from "../../agent/node-agent.ts";
import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";
import type { Fleet } from "./fleet.ts";

/** The embedded setup: the gateway and one node agent in the same process, with nothing in between. */
export class LocalFleet implements Fleet {
  constructor(private readonly agent: NodeAgent) {}

  async lease(deployment: DeploymentRequest): Promise<Lease> {
    const upstream = await this.agent.lease(deployment);
    return { handle: upstream, node: this.agent.id, process: upstream.process.id };
  }

  release(deploymentId: string, lease: Lease, reason: string): Promise<void> {
    return this.agent.releaseProcess(deploymentId, lease.process, reason);
  }

  async adopt(node: string, process: string): Promise<UpstreamHandle | null> {
    return node === this.agent.id ? (this.agent.leasedProcess(process) ?? null) : null;
  }

  async close(): Promise<void> {}
}
