import { type Tool, jsonSchema, tool } from "ai";
import { needsConfirmation, type ToolAnnotations } from "../tool-policy.ts";
import { type AgentTool, type ToolConnector, ToolResultError, type ToolSession } from "../tools.ts";

export interface LocalTool {
  name: string;
  annotations?: ToolAnnotations;
  description?: string;
  /** Throw ToolResultError for a tool error; a never-settling promise for a hung tool. */
  run: (args: Record<string, unknown>, signal: AbortSignal | undefined) => unknown;
}

/**
 * Tools in this process, with the same confirmation policy as the gateway's: for unit tests of the
 * runtime that need no gateway. Counts the calls that really ran (`ran`).
 */
export class LocalTools implements ToolConnector {
  readonly ran: Array<{ name: string; args: Record<string, unknown> }> = [];
  opened = 0;
  closed = 0;

  constructor(
    private readonly tools: LocalTool[],
    private readonly deployment = "local",
  ) {}

  async open(): Promise<ToolSession> {
    this.opened++;
    const tools: Record<string, Tool> = {};
    const catalog = new Map<string, AgentTool>();
    for (const local of this.tools) {
      const confirm = needsConfirmation(local.annotations);
      catalog.set(local.name, { name: local.name, deployment: this.deployment, tool: local.name, description: local.description, annotations: local.annotations, needsConfirmation: confirm, confirmedByServer: false });
      tools[local.name] = tool({
        description: local.description ?? local.name,
        inputSchema: jsonSchema<Record<string, unknown>>({ type: "object", properties: {}, additionalProperties: true }),
        needsApproval: confirm,
        execute: async (args: Record<string, unknown>, options) => {
          this.ran.push({ name: local.name, args });
          return local.run(args, options.abortSignal);
        },
      });
    }
    return {
      tools,
      catalog,
      close: async () => {
        this.closed++;
      },
    };
  }
}

export { ToolResultError };
