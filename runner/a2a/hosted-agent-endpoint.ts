import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { ServerCallContext } from "@a2a-js/sdk/server";
import type { StoredKey } from "../protocol/api-key.ts";
import type { Refusal } from "../gateway/gateway.ts";
import { answerRpc, keyUser, originOf, readEnvelope, refused, sendCard } from "./a2a-http.ts";
import { ScopedBusManager } from "./bus-manager.ts";
import { type HostedAgentBackend, hostedAgentCard } from "./hosted-agent-card.ts";
import { HOSTED_TURN_KEY, HostedAgentExecutor, type HostedTurnRequest } from "./hosted-agent-executor.ts";
import { HostedAgentHandler } from "./hosted-agent-handler.ts";
import { DbTaskStore, SCOPE_KEY, type TaskScope } from "./task-store.ts";

export interface HostedAgentEndpointOptions {
  /** The gateway's admission (key, rate limit, quota) for a scope name no deployment can have: only "*" keys pass. */
  admit(req: IncomingMessage, scope: string): Promise<{ ok: true; key: StoredKey } | Refusal>;
  backend: HostedAgentBackend;
  log: Logger;
  maxBodyBytes?: number;
}

/**
 * `/a2a/agents/<agent id>` and its card. Deployment agents live at `/a2a/<deployment>`, one
 * segment; these have two, and an agent id never starts with "." — so neither path can be
 * mistaken for the other, whatever a deployment or an agent is named.
 */
export const HOSTED_AGENT_PATH = /^\/a2a\/agents\/([a-z0-9][a-z0-9-]{0,62})(\/\.well-known\/agent(?:-card)?\.json)?\/?$/;

/**
 * Each stored agent of a tenant as an A2A v1.0 agent (and v0.3, through the SDK's compat layer),
 * on the gateway: the same admission, JSON-RPC transport, task store and event buses as the
 * deployments' A2A endpoint, with the agent runtime behind the executor instead of a tool call.
 */
export class HostedAgentEndpoint {
  private readonly buses = new ScopedBusManager();
  private readonly store: DbTaskStore;
  private readonly executor: HostedAgentExecutor;

  constructor(private readonly options: HostedAgentEndpointOptions) {
    this.store = new DbTaskStore(options.backend.tasks);
    this.executor = new HostedAgentExecutor(options.backend, this.store);
  }

  async handle(req: IncomingMessage, res: ServerResponse, agentId: string, cardPath: boolean): Promise<void> {
    if (cardPath ? req.method !== "GET" : req.method !== "POST") {
      return refused(res, 405, "method", cardPath ? "fetch the agent card with GET" : `send A2A JSON-RPC requests by POST to /a2a/agents/${agentId}`, { allow: cardPath ? "GET" : "POST" });
    }
    const admitted = await this.options.admit(req, `agent:${agentId}`);
    if (!admitted.ok) {
      const message = admitted.reason === "scope" ? `the API key is scoped to some deployments; calling agent "${agentId}" needs a key of its tenant with the "*" scope` : admitted.message;
      return refused(res, admitted.status, admitted.reason, message, admitted.headers);
    }
    const key = admitted.key;
    const agent = await this.options.backend.find(key.tenantId, agentId);
    if (!agent) return refused(res, 404, "no_agent", `your tenant has no agent "${agentId}"`);
    const card = hostedAgentCard(agent, `${originOf(req)}/a2a/agents/${agent.id}`);
    if (cardPath) return sendCard(req, res, card);

    const request = await readEnvelope(req, res, this.options.maxBodyBytes ?? 4 * 1024 * 1024);
    if (!request) return;
    const { version } = request;
    const scope: TaskScope = { tenantId: key.tenantId, deploymentId: agent.rowId };
    const turn: HostedTurnRequest = { tenantId: key.tenantId, agent };
    const context = new ServerCallContext({
      requestedVersion: version,
      user: keyUser(key),
      state: new Map<string, unknown>([
        [SCOPE_KEY, scope],
        [HOSTED_TURN_KEY, turn],
      ]),
    });
    const handler = new HostedAgentHandler(card, this.store, this.options.backend, this.executor, this.buses);
    await answerRpc(res, handler, request, context);
  }
}

