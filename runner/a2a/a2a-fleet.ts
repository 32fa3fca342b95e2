import { ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory } from "@a2a-js/sdk/client";
import type { DeploymentRequest } from "../agent/node-agent.ts";
import type { Lease, UpstreamHandle } from "../protocol/upstream-handle.ts";
import type { Fleet } from "../gateway/routing/fleet.ts";
import { A2aUpstream } from "./a2a-upstream.ts";
import { guardedFetch, type NetworkMode } from "./guarded-fetch.ts";
import { type A2aMeta, type RemoteCard, a2aMetaOf, fetchAgentCard } from "./remote-agent.ts";
import { type A2aRules, NO_RULES, parseRules } from "./rules.ts";
import { toolsFromSkills } from "./skill-tools.ts";

/** The node a remote agent's lease names: it runs nowhere here. */
export const A2A_NODE = "a2a";

export interface A2aFleetOptions {
  /** Saas mode reaches only public addresses; local mode also loopback and private ones. */
  mode: NetworkMode;
  /** The deployment's stored adaptation rules, or null. */
  rules?(deploymentId: string): Promise<unknown>;
  /** Tests: how host names resolve. */
  lookup?: (host: string) => Promise<string[]>;
}

/** What another gateway needs to serve the same session: which agent, for which deployment. */
interface A2aLeaseRecord {
  v: 1;
  deploymentId: string;
  name: string;
  meta: A2aMeta;
}

/** How long a fetched card is used before it is fetched again. */
const CARD_FRESH_MS = 60_000;

/**
 * The gateway's fleet with remote A2A agents in it: a deployment whose manifest names an agent
 * card gets an A2aUpstream (the agent served as an MCP server) instead of a process; any other
 * deployment goes to the fleet underneath. Cards are fetched through the network guard and kept
 * for a minute.
 */
export class A2aFleet implements Fleet {
  private readonly fetch: typeof fetch;
  private readonly cards = new Map<string, { card: Promise<RemoteCard>; at: number }>();

  constructor(
    private readonly fleet: Fleet,
    private readonly options: A2aFleetOptions,
  ) {
    this.fetch = guardedFetch({ mode: options.mode, lookup: options.lookup });
  }

  async lease(deployment: DeploymentRequest): Promise<Lease> {
    const meta = a2aMetaOf(deployment.manifest);
    if (!meta) return this.fleet.lease(deployment);
    const record: A2aLeaseRecord = { v: 1, deploymentId: deployment.id, name: deployment.name, meta };
    return { handle: await this.open(record), node: A2A_NODE, process: JSON.stringify(record) };
  }

  async release(deploymentId: string, lease: Lease, reason: string): Promise<void> {
    if (!(lease.handle instanceof A2aUpstream)) return this.fleet.release(deploymentId, lease, reason);
    lease.handle.dispose();
  }

  async adopt(node: string, process: string): Promise<UpstreamHandle | null> {
    if (node !== A2A_NODE) return this.fleet.adopt(node, process);
    try {
      const record = JSON.parse(process) as A2aLeaseRecord;
      return record?.v === 1 ? await this.open(record) : null;
    } catch {
      return null;
    }
  }

  close(): Promise<void> {
    return this.fleet.close();
  }

  private async open(record: A2aLeaseRecord): Promise<A2aUpstream> {
    const [remote, rules] = await Promise.all([this.card(record.meta.agentCardUrl), this.rulesFor(record.deploymentId)]);
    const factory = new ClientFactory({
      transports: [new JsonRpcTransportFactory({ fetchImpl: this.fetch, legacyCompat: { enabled: true } })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl: this.fetch, legacyCompat: { enabled: true } }),
    });
    let client;
    try {
      client = await factory.createFromAgentCard(remote.card);
    } catch (error) {
      throw new Error(`the A2A agent of deployment "${record.name}" cannot be called: ${(error as Error).message}`, { cause: error });
    }
    return new A2aUpstream({
      deploymentName: record.name,
      card: remote.card,
      client,
      tools: toolsFromSkills(remote.card, rules),
      rules,
      idleTimeoutMs: record.meta.idleTimeoutSeconds * 1000,
    });
  }

  private card(url: string): Promise<RemoteCard> {
    const known = this.cards.get(url);
    if (known && Date.now() - known.at < CARD_FRESH_MS) return known.card;
    const card = fetchAgentCard(url, this.fetch, this.options.mode).catch((error: Error) => {
      this.cards.delete(url);
      throw new Error(`the A2A agent's card could not be used: ${error.message}`, { cause: error });
    });
    if (this.cards.size >= 1000) this.cards.delete(this.cards.keys().next().value!);
    this.cards.set(url, { card, at: Date.now() });
    return card;
  }

  private async rulesFor(deploymentId: string): Promise<A2aRules> {
    const parsed = parseRules((await this.options.rules?.(deploymentId)) ?? null);
    return parsed.ok ? parsed.rules : NO_RULES;
  }
}
