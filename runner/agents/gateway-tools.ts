import { ElicitationRequestSchema, type MCPClient, createMCPClient } from "@ai-sdk/mcp";
import type { Tool, ToolSet } from "ai";
import { exposedToolName, needsConfirmation } from "./tool-policy.ts";
import { type AgentTool, type ToolConnector, ToolConnectError, type ToolOpenOptions, ToolResultError, type ToolSession } from "./tools.ts";

export interface GatewayToolsOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:8080; tools are at `<url>/mcp/<deployment>`. */
  gatewayUrl: string;
  /** An API key of the agent's tenant, scoped to (at least) the agent's deployments. */
  apiKey: string;
  /** Sent as the MCP client's name, e.g. agent:support-bot. */
  clientName: string;
}

/**
 * Tools reached only through the gateway, with the tenant's key, so its keys, rate limits and
 * quotas, sandboxing and metrics apply to every call an agent makes. One MCP session (streamable
 * HTTP) per deployment per turn, ended when the turn ends or pauses.
 */
export class GatewayTools implements ToolConnector {
  constructor(private readonly options: GatewayToolsOptions) {}

  async open(deployments: readonly string[], { signal, confirmedByServer = [], onElicitation }: ToolOpenOptions): Promise<ToolSession> {
    const clients: MCPClient[] = [];
    const close = async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
    };
    try {
      const tools: ToolSet = {};
      const catalog = new Map<string, AgentTool>();
      const namespaced = deployments.length > 1;
      for (const deployment of deployments) {
        const client = await this.connect(deployment, signal, onElicitation !== undefined);
        clients.push(client);
        // The calls of this deployment under way, oldest first: a question the server asks belongs to one of them.
        const running: string[] = [];
        if (onElicitation) {
          client.onElicitationRequest(ElicitationRequestSchema, async (request) => {
            const answer = await onElicitation({ deployment, toolCallId: running[0] ?? null, message: request.params.message, requestedSchema: request.params.requestedSchema });
            return answer.action === "accept" ? { action: "accept", content: answer.content ?? {} } : { action: answer.action };
          });
        }
        const definitions = await listAll(client, deployment, signal);
        const callable = client.toolsFromDefinitions(definitions);
        for (const definition of definitions.tools) {
          const name = exposedToolName(deployment, definition.name, namespaced);
          const existing = catalog.get(name);
          if (existing) {
            throw new ToolConnectError(deployment, `two tools would both be called "${name}" (${existing.deployment}/${existing.tool} and ${deployment}/${definition.name}); rename a deployment`);
          }
          const byServer = onElicitation !== undefined && confirmedByServer.includes(definition.name);
          const entry: AgentTool = {
            name,
            deployment,
            tool: definition.name,
            description: definition.description,
            annotations: definition.annotations,
            needsConfirmation: !byServer && needsConfirmation(definition.annotations),
            confirmedByServer: byServer,
          };
          catalog.set(name, entry);
          tools[name] = wrap(callable[definition.name]!, entry, running);
        }
      }
      return { tools, catalog, close };
    } catch (error) {
      await close();
      throw error;
    }
  }

  private async connect(deployment: string, signal: AbortSignal | undefined, elicitation: boolean): Promise<MCPClient> {
    const url = `${this.options.gatewayUrl.replace(/\/$/, "")}/mcp/${encodeURIComponent(deployment)}`;
    try {
      return await createMCPClient({
        transport: { type: "http", url, headers: { Authorization: `Bearer ${this.options.apiKey}` } },
        clientName: this.options.clientName,
        ...(elicitation ? { capabilities: { elicitation: {} } } : {}),
        initializationOptions: { signal, timeout: 30_000 },
      });
    } catch (error) {
      throw new ToolConnectError(deployment, `could not open deployment "${deployment}" through the gateway: ${describe(error)}`, { cause: error });
    }
  }
}

async function listAll(client: MCPClient, deployment: string, signal: AbortSignal | undefined) {
  try {
    const first = await client.listTools({ options: { signal } });
    const tools = [...first.tools];
    let cursor = first.nextCursor;
    // Bounded: a server that pages forever must not hold the turn.
    for (let page = 0; cursor && page < 20; page++) {
      const next = await client.listTools({ params: { cursor }, options: { signal } });
      tools.push(...next.tools);
      cursor = next.nextCursor;
    }
    return { ...first, tools, nextCursor: undefined };
  } catch (error) {
    throw new ToolConnectError(deployment, `could not list the tools of deployment "${deployment}": ${describe(error)}`, { cause: error });
  }
}

/**
 * The MCP tool with the runtime's policy: a call that needs confirmation waits for the user's
 * answer (AI SDK tool approval), and a result with isError becomes a tool error, so the model and
 * the transcript both see it as one. `running` holds the deployment's calls under way.
 */
function wrap(base: Tool, entry: AgentTool, running: string[]): Tool {
  const execute = base.execute!;
  return {
    ...base,
    needsApproval: entry.needsConfirmation,
    execute: async (input: unknown, options) => {
      running.push(options.toolCallId);
      let result: { isError?: boolean; content?: Array<{ type: string; text?: string }> };
      try {
        result = (await execute(input, options)) as typeof result;
      } finally {
        running.splice(running.indexOf(options.toolCallId), 1);
      }
      if (result?.isError) {
        const text = (result.content ?? []).map((part) => (part.type === "text" ? part.text : JSON.stringify(part))).join("\n");
        throw new ToolResultError(text || `${entry.tool} failed without saying why`);
      }
      return result;
    },
  } as Tool;
}

/**
 * The cause in one line: the gateway's own refusal when it sent one (its JSON-RPC error message and
 * stable reason, e.g. no_deployment or unknown_key), or why it could not be reached.
 */
export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const body = /(\{"jsonrpc".*\})/.exec(message)?.[1];
  if (body) {
    try {
      const refusal = (JSON.parse(body) as { error?: { message?: string; data?: { reason?: string } } }).error;
      if (refusal?.message) return `${refusal.message}${refusal.data?.reason ? ` (${refusal.data.reason})` : ""}`;
    } catch {
      // Not the gateway's JSON: fall through to the message as it is.
    }
  }
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (message === "fetch failed") return `the gateway is unreachable${cause?.code ? ` (${cause.code})` : ""}`;
  return message.replace(/\s+/g, " ").slice(0, 500);
}
