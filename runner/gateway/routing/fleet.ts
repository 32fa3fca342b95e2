import type { DeploymentRequest } from "../../agent/node-agent.ts";
import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";

/** Where a gateway gets server processes: the node agent in its own process, or agents across the network. */
export interface Fleet {
  /** An initialized process for a new session, from the deployment's warm pool on some node. */
  lease(deployment: DeploymentRequest): Promise<Lease>;
  /** Gives a session's process back to its pool. */
  release(deploymentId: string, lease: Lease, reason: string): Promise<void>;
  /** A session's process again, for a gateway that did not open the session; null when it is gone. */
  adopt(node: string, process: string): Promise<UpstreamHandle | null>;
  close(): Promise<void>;
}
