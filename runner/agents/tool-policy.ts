import { createHash } from "node:crypto";

/** The behaviour hints an MCP server gives for a tool (untrusted: they come from the server). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * Whether the user must confirm a call before it runs. Only a tool that says it is read-only, or
 * that says it is not destructive (additive only), runs without asking. The MCP specification
 * makes destructiveHint default to true for a tool that is not read-only, so a tool with no
 * annotations at all is asked about too. A tool result that asks the agent to call such a tool
 * therefore never gets it run silently.
 */
export function needsConfirmation(annotations: ToolAnnotations | undefined): boolean {
  if (annotations?.readOnlyHint === true) return false;
  return annotations?.destructiveHint !== false;
}

/** Tool names the OpenAI-style function calling accepts: ^[a-zA-Z0-9_-]{1,64}$. */
const MAX_NAME = 64;

/**
 * The name the model sees for a deployment's tool: the tool's own name when the agent uses one
 * deployment, `<deployment>__<tool>` when it uses several (so two servers' `search` stay apart).
 * Characters a model API would refuse become '_'; a name over 64 characters keeps its start and
 * gets a hash of the whole, so it stays unique.
 */
export function exposedToolName(deployment: string, tool: string, namespaced: boolean): string {
  const raw = namespaced ? `${deployment}__${tool}` : tool;
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, "_");
  if (safe.length <= MAX_NAME) return safe;
  const hash = createHash("sha256").update(raw).digest("hex").slice(0, 8);
  return `${safe.slice(0, MAX_NAME - 9)}_${hash}`;
}
