import type { ToolSet } from "ai";
import type { ElicitationAsk } from "./elicitation-gate.ts";
import type { ElicitationAnswer } from "./elicitations.ts";
import type { ToolAnnotations } from "./tool-policy.ts";

/** One tool an agent may call, as the runtime knows it. */
export interface AgentTool {
  /** The name the model sees (namespaced when the agent uses several deployments). */
  name: string;
  deployment: string;
  /** The tool's own name on its server. */
  tool: string;
  description: string | undefined;
  annotations: ToolAnnotations | undefined;
  needsConfirmation: boolean;
  /** The tool's server asks the user itself (elicitation) before it changes anything. */
  confirmedByServer: boolean;
}

/** The tools of one turn: callable (AI SDK tools, confirmations wired in) and described. */
export interface ToolSession {
  tools: ToolSet;
  catalog: ReadonlyMap<string, AgentTool>;
  close(): Promise<void>;
}

export interface ToolOpenOptions {
  signal?: AbortSignal;
  /** Tools (their own names) whose server asks the user itself before acting: the runtime does not ask again. */
  confirmedByServer?: readonly string[];
  /** Answers a server's elicitation; without it the client does not declare the capability. */
  onElicitation?: (ask: ElicitationAsk) => Promise<ElicitationAnswer>;
}

/** Opens the tools of some deployments for one turn; the gateway one is the product's. */
export interface ToolConnector {
  open(deployments: readonly string[], options: ToolOpenOptions): Promise<ToolSession>;
}

/** A deployment that cannot be reached, or that refused us (key, scope, no such deployment). */
export class ToolConnectError extends Error {
  constructor(
    readonly deployment: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ToolConnectError";
  }
}

/** A tool answered with isError: its text, for the model and the transcript. */
export class ToolResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolResultError";
  }
}
