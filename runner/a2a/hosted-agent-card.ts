import type { AgentCard } from "@a2a-js/sdk";
import type { TurnEvent, TurnInput, TurnOutcome } from "../agents/events.ts";
import { SECURITY_SCHEME } from "./agent-card.ts";
import type { A2aTaskRepository } from "./task-store.ts";

/** A tenant's stored agent, as the A2A endpoint serves it. */
export interface HostedAgent {
  /** The agent's row id: what its tasks and contexts are stored under. */
  rowId: string;
  /** The definition's id, as in /a2a/agents/<id>. */
  id: string;
  name: string;
  description: string | null;
  /** The latest version's: a new context starts a conversation with it. */
  version: string;
  deployments: string[];
}

/**
 * What serving stored agents over A2A needs from the product (server/a2a/hosted-agents.ts): the
 * tenant's agents, one conversation per A2A context, turns run by the agent runtime, and where
 * the tasks are kept.
 */
export interface HostedAgentBackend {
  /** The tenant's agent, or null: another tenant's agent is never found. */
  find(tenantId: string, agentId: string): Promise<HostedAgent | null>;
  /** The conversation of this A2A context, started on its first message. */
  conversationFor(tenantId: string, agent: HostedAgent, contextId: string): Promise<string>;
  /** One turn: a message, or the answers to the confirmations the conversation waits for. Errors carry a one-line reason. */
  runTurn(request: { tenantId: string; conversationId: string; input: TurnInput; signal: AbortSignal; onEvent: (event: TurnEvent) => void }): Promise<TurnOutcome>;
  tasks: A2aTaskRepository;
}

/** The single skill of an agent: a conversation with it. */
export const CONVERSATION_SKILL = "conversation";

/**
 * The card of a stored agent: its name and description from the definition, one skill (talk to
 * it; it uses the tools of its deployments), streaming, and the tenant's API key as bearer.
 */
export function hostedAgentCard(agent: HostedAgent, endpoint: string): AgentCard {
  return {
    name: agent.name,
    description: agent.description ?? `The Switchyard agent ${agent.id}, served as an A2A agent.`,
    supportedInterfaces: [
      { url: endpoint, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" },
      { url: endpoint, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "0.3" },
    ],
    provider: { organization: "Switchyard", url: new URL(endpoint).origin },
    version: agent.version,
    capabilities: { streaming: true, pushNotifications: false, extendedAgentCard: false, extensions: [] },
    securitySchemes: {
      [SECURITY_SCHEME]: {
        scheme: { $case: "httpAuthSecurityScheme", value: { description: 'A Switchyard API key of the agent\'s tenant with the "*" scope', scheme: "Bearer", bearerFormat: "sy_<prefix>_<secret>" } },
      },
    },
    securityRequirements: [{ schemes: { [SECURITY_SCHEME]: { list: [] } } }],
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain", "application/json"],
    skills: [
      {
        id: CONVERSATION_SKILL,
        name: `Talk to ${agent.name}`,
        description:
          `Send a text message; follow-ups in the same contextId continue the conversation. The agent uses the tools of ${agent.deployments.join(", ")}. ` +
          'Before a destructive tool runs the task asks for input (TASK_STATE_INPUT_REQUIRED): answer on the same task with "accept", "decline" or "cancel" (text, or a data part {"action": …}).',
        tags: ["agent", "conversation"],
        examples: [],
        inputModes: ["text/plain", "application/json"],
        outputModes: ["text/plain", "application/json"],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };
}
