import type { Logger } from "pino";
import type { DeploymentRequest, NodeRecord } from "../../agent/node-agent.ts";
import { ENGINE_KEYS } from "../../protocol/channels.ts";
import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";
import { AgentLink, LinkError } from "./agent-link.ts";
import type { Fleet } from "./fleet.ts";
import { pickByLoad } from "./pick-by-load.ts";

/** Node records are read from the engine at most this often. */
const NODES_FRESH_MS = 1000;

export interface NodeDirectory {
  keys(prefix: string): Promise<string[]>;
  get(key: string): Promise<string | null>;
}

/**
 * The node agents registered in the engine, reached over one link each. A new session goes to
 * the less loaded of two nodes picked at random (power of two choices): nearly as good as asking
 * every node, without every gateway piling onto the same least-loaded one.
 */
export class RemoteFleet implements Fleet {
  private readonly links = new Map<string, Promise<AgentLink>>();
  private nodes: NodeRecord[] = [];
  private readAt = 0;
  /** Sessions this gateway started per node since the node last reported its load. */
  private readonly recentLeases = new Map<string, number>();

  constructor(
    private readonly engine: NodeDirectory,
    private readonly token: string,
    private readonly log: Logger,
  ) {}

  async lease(deployment: DeploymentRequest): Promise<Lease> {
    const nodes = (await this.liveNodes()).filter((node) => this.load(node) < node.capacity);
    if (nodes.length === 0) throw new LinkError("no node agent has room for another process; retry shortly");
    const first = pickByLoad(nodes, (node) => this.load(node) / node.capacity);
    const order = [first, ...nodes.filter((node) => node !== first)];
    let lastError: Error | undefined;
    for (const node of order.slice(0, 2)) {
      // Counted before the lease completes, so sessions starting together spread out.
      this.recentLeases.set(node.id, (this.recentLeases.get(node.id) ?? 0) + 1);
      try {
        const link = await this.link(node);
        const upstream = await link.lease(deployment);
        return { handle: upstream, node: node.id, process: upstream.process };
      } catch (error) {
        this.recentLeases.set(node.id, (this.recentLeases.get(node.id) ?? 1) - 1);
        lastError = error as Error;
        this.log.warn({ node: node.id, err: error }, "could not lease a process on a node; trying another");
      }
    }
    throw lastError!;
  }

  async release(deploymentId: string, lease: Lease, reason: string): Promise<void> {
    const link = await this.links.get(lease.node)?.catch(() => undefined);
    link?.release(deploymentId, lease.process, reason);
  }

  async adopt(nodeId: string, process: string): Promise<UpstreamHandle | null> {
    const node = (await this.liveNodes()).find((candidate) => candidate.id === nodeId);
    if (!node) return null;
    try {
      return await (await this.link(node)).find(process);
    } catch (error) {
      this.log.warn({ node: nodeId, err: error }, "could not reach the node of a session");
      return null;
    }
  }

  async close(): Promise<void> {
    const links = await Promise.allSettled(this.links.values());
    for (const link of links) if (link.status === "fulfilled") link.value.close();
    this.links.clear();
  }

  private load(node: NodeRecord): number {
    return node.load + (this.recentLeases.get(node.id) ?? 0);
  }

  private async liveNodes(): Promise<NodeRecord[]> {
    if (Date.now() - this.readAt < NODES_FRESH_MS) return this.nodes;
    const keys = await this.engine.keys(ENGINE_KEYS.nodesPrefix);
    const records = await Promise.all(keys.map((key) => this.engine.get(key)));
    this.nodes = records.flatMap((record) => (record ? [JSON.parse(record) as NodeRecord] : []));
    this.readAt = Date.now();
    this.recentLeases.clear();
    return this.nodes;
  }

  /** The link to a node, opened on first use and again after it broke. */
  private link(node: NodeRecord): Promise<AgentLink> {
    const existing = this.links.get(node.id);
    const usable = existing?.then((link) => (link.open ? link : Promise.reject(new LinkError("closed"))));
    const fresh = () => {
      const opening = AgentLink.connect(node.id, node.address, this.token, this.log);
      this.links.set(node.id, opening);
      opening.catch(() => this.links.delete(node.id));
      return opening;
    };
    return usable ? usable.catch(fresh) : fresh();
  }
}
