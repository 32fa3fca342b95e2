import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { DefaultRequestHandler, ServerCallContext } from "@a2a-js/sdk/server";
import type { StoredKey } from "../protocol/api-key.ts";
import type { Lease } from "../protocol/upstream-handle.ts";
import type { Refusal, ResolvedDeployment } from "../gateway/gateway.ts";
import { StatelessUpstreams } from "../gateway/modern/stateless-upstreams.ts";
import type { UsageRecorder } from "../gateway/usage.ts";
import { answerRpc, keyUser, originOf, readEnvelope, refused, sendCard } from "./a2a-http.ts";
import { type ServedAgent, describeAgent } from "./agent-card.ts";
import { ScopedBusManager } from "./bus-manager.ts";
import { A2A_RPC_CODES, rpcError, sendRpc, startsTask } from "./json-rpc.ts";
import { McpAgentHandler } from "./mcp-agent-handler.ts";
import { McpToolExecutor, PREPARED_KEY, type PreparedCall } from "./mcp-executor.ts";
import { type McpTool, ToolCatalog } from "./mcp-tools.ts";
import { type A2aRules, NO_RULES, parseRules } from "./rules.ts";
import { type A2aTaskRepository, DbTaskStore, SCOPE_KEY, type TaskScope } from "./task-store.ts";

/** What the A2A endpoint needs beyond the gateway: where tasks are kept, and each deployment's rules. */
export interface A2aBackend {
  tasks: A2aTaskRepository;
  /** The deployment's adaptation rules as stored (validated here), or null for none. */
  rules(deploymentId: string): Promise<unknown>;
}

export interface A2aEndpointOptions {
  /** The gateway's own admission: the key, its rate limit and quota (same keys as /mcp). */
  admit(req: IncomingMessage, name: string): Promise<{ ok: true; key: StoredKey } | Refusal>;
  /** The key's tenant's deployment by name, or why it cannot be used now. */
  deploymentFor(key: StoredKey, name: string): Promise<{ ok: true; deployment: ResolvedDeployment } | Refusal>;
  lease(deployment: ResolvedDeployment): Promise<{ ok: true; lease: Lease } | Refusal>;
  release(deployment: ResolvedDeployment, lease: Lease, reason: string): Promise<void>;
  backend?: A2aBackend;
  log: Logger;
  usage?: UsageRecorder;
  maxBodyBytes?: number;
}

/** `/a2a/<deployment>` and its agent card (also at v0.3's older agent.json). */
export const A2A_PATH = /^\/a2a\/([A-Za-z0-9][A-Za-z0-9_-]{0,62})(\/\.well-known\/agent(?:-card)?\.json)?\/?$/;

/**
 * Every hosted deployment as an A2A v1.0 agent (and v0.3, through the SDK's compat layer), on
 * the gateway: admission is the gateway's (tenant keys, rate limits, quotas), processes come from
 * its fleet — one per key and deployment, reused by that key's tasks and given back when idle —
 * and the A2A protocol is @a2a-js/sdk's JSON-RPC transport and request handler, with tasks in
 * the database and each tool call run by McpToolExecutor.
 */
export class A2aEndpoint {
  private readonly upstreams: StatelessUpstreams;
  private readonly catalog = new ToolCatalog();
  private readonly buses = new ScopedBusManager();
  private readonly executor: McpToolExecutor;
  private readonly store: DbTaskStore;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: A2aEndpointOptions) {
    this.upstreams = new StatelessUpstreams({ lease: options.lease, release: options.release, log: options.log });
    this.store = new DbTaskStore(options.backend?.tasks ?? NO_TASKS);
    this.executor = new McpToolExecutor(this.store, this.buses);
    this.sweeper = setInterval(() => this.upstreams.sweep(), 5_000);
    this.sweeper.unref();
  }

  async handle(req: IncomingMessage, res: ServerResponse, name: string, cardPath: boolean): Promise<void> {
    if (!this.options.backend) return refused(res, 501, "a2a_unavailable", "this gateway has no task store configured, so it does not serve A2A");
    if (cardPath ? req.method !== "GET" : req.method !== "POST") {
      const allow = cardPath ? "GET" : "POST";
      return refused(res, 405, "method", cardPath ? "fetch the agent card with GET" : `send A2A JSON-RPC requests by POST to /a2a/${name}`, { allow });
    }
    const admitted = await this.options.admit(req, name);
    if (!admitted.ok) return refused(res, admitted.status, admitted.reason, admitted.message, admitted.headers);
    const found = await this.options.deploymentFor(admitted.key, name);
    if (!found.ok) return refused(res, found.status, found.reason, found.message, found.headers);
    if (cardPath) return this.card(req, res, admitted.key, found.deployment);
    return this.rpc(req, res, admitted.key, found.deployment);
  }

  /** A revoked key's processes take no new tasks and go back once unused. */
  keyRevoked(keyPrefix: string): void {
    this.upstreams.retireKey(keyPrefix);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.executor.close("the gateway is shutting down");
    await this.upstreams.close();
  }

  private async card(req: IncomingMessage, res: ServerResponse, key: StoredKey, deployment: ResolvedDeployment): Promise<void> {
    const rules = await this.rulesFor(deployment);
    let tools = this.catalog.fresh(deployment.id);
    if (!tools) {
      const acquired = await this.upstreams.acquire({ keyId: key.id, keyPrefix: key.prefix }, deployment);
      if (!acquired.ok) return refused(res, acquired.status, acquired.reason, acquired.message, acquired.headers);
      try {
        tools = await this.catalog.tools(deployment.id, acquired.upstream.handle);
      } catch (error) {
        return refused(res, 502, "upstream", `could not list the tools of deployment "${deployment.name}": ${(error as Error).message}`);
      } finally {
        this.upstreams.done(acquired.upstream);
      }
    }
    sendCard(req, res, this.describe(req, deployment, tools, rules, this.catalog.initializeResultOf(deployment.id)).card);
  }

  private async rpc(req: IncomingMessage, res: ServerResponse, key: StoredKey, deployment: ResolvedDeployment): Promise<void> {
    const request = await readEnvelope(req, res, this.options.maxBodyBytes ?? 4 * 1024 * 1024);
    if (!request) return;
    const { envelope, version, id } = request;
    const scope: TaskScope = { tenantId: key.tenantId, deploymentId: deployment.id };
    const context = new ServerCallContext({ requestedVersion: version, user: keyUser(key), state: new Map<string, unknown>([[SCOPE_KEY, scope]]) });
    const rules = await this.rulesFor(deployment);
    let prepared: PreparedCall | undefined;
    let agent: ServedAgent;
    if (startsTask(envelope)) {
      const acquired = await this.upstreams.acquire({ keyId: key.id, keyPrefix: key.prefix }, deployment);
      if (!acquired.ok) return sendRpc(res, rpcError(id, A2A_RPC_CODES.refused, acquired.message, { reason: acquired.reason }), acquired.status, acquired.headers);
      const { upstream } = acquired;
      let released = false;
      prepared = {
        handle: upstream.handle,
        taken: false,
        release: () => {
          if (released) return;
          released = true;
          this.upstreams.done(upstream);
        },
        onCall: (ms, failed, bytes) => this.options.usage?.record(key.id, ms, failed, bytes),
      };
      context.state.set(PREPARED_KEY, prepared);
      try {
        agent = this.describe(req, deployment, await this.catalog.tools(deployment.id, upstream.handle), rules, upstream.handle.initializeResult);
      } catch (error) {
        prepared.release();
        return sendRpc(res, rpcError(id, A2A_RPC_CODES.internalError, `could not list the tools of deployment "${deployment.name}": ${(error as Error).message}`));
      }
    } else {
      agent = this.describe(req, deployment, this.catalog.cached(deployment.id) ?? [], rules, this.catalog.initializeResultOf(deployment.id));
    }
    const refresh = async () => {
      const handle = prepared?.handle;
      if (!handle) return agent;
      agent = this.describe(req, deployment, await this.catalog.tools(deployment.id, handle, true), rules, handle.initializeResult);
      return agent;
    };
    const handler = new McpAgentHandler(new DefaultRequestHandler(agent.card, this.store, this.executor, this.buses), { agent, refresh, rules }, this.executor);
    try {
      await answerRpc(res, handler, request, context);
    } finally {
      if (prepared && !prepared.taken) prepared.release();
    }
  }

  private describe(req: IncomingMessage, deployment: ResolvedDeployment, tools: readonly McpTool[], rules: A2aRules, initializeResult: Record<string, unknown> | undefined): ServedAgent {
    return describeAgent({ deploymentName: deployment.name, endpoint: `${originOf(req)}/a2a/${deployment.name}`, initializeResult, tools, rules });
  }

  private async rulesFor(deployment: ResolvedDeployment): Promise<A2aRules> {
    const parsed = parseRules(await this.options.backend!.rules(deployment.id));
    if (parsed.ok) return parsed.rules;
    this.options.log.warn({ deployment: deployment.name, problems: parsed.problems }, "stored A2A rules do not parse; serving without them");
    return NO_RULES;
  }
}

/** Without a backend nothing is served (501), so nothing is ever stored here. */
const NO_TASKS: A2aTaskRepository = { save: async () => {}, load: async () => null, list: async () => ({ tasks: [], totalSize: 0 }) };
