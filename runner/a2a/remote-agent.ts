import { AgentCard } from "@a2a-js/sdk";
import { isLegacyAgentCard, parseLegacyAgentCard } from "@a2a-js/sdk/compat/v0_3/client";
import { z } from "zod";
import { urlRefusal, type NetworkMode } from "./guarded-fetch.ts";
import { A2A_META_KEY, isA2aManifest } from "./meta-key.ts";

/**
 * A remote A2A agent registered as a component: a server.json whose `_meta["io.switchyard/a2a"]`
 * names the agent's card and which has no packages. Publishing fetches and checks the card; the
 * gateway then serves the agent as an MCP server (A2aFleet, A2aUpstream).
 */
export { A2A_META_KEY, isA2aManifest };

export const a2aMetaSchema = z.strictObject({
  agentCardUrl: z
    .url({ protocol: /^https?$/, error: "expected the http(s) URL of the agent's card, e.g. https://agent.example.com/.well-known/agent-card.json" })
    .max(2048, { error: "expected at most 2048 characters" }),
  /** A call fails when the agent sends nothing for this long (a hung agent, a dropped stream). */
  idleTimeoutSeconds: z.number().int().min(1).max(3600, { error: "expected at most 3600 seconds" }).default(120),
});
export type A2aMeta = z.infer<typeof a2aMetaSchema>;

/** The manifest's A2A settings, undefined when it describes no A2A agent; throws when they are invalid. */
export function a2aMetaOf(manifest: { _meta?: Record<string, unknown> }): A2aMeta | undefined {
  const raw = manifest._meta?.[A2A_META_KEY];
  return raw === undefined ? undefined : a2aMetaSchema.parse(raw);
}

const MAX_CARD_BYTES = 512 * 1024;

const skillSchema = z.object({
  id: z.string({ error: "expected a skill id" }).min(1, { error: "expected a non-empty skill id" }).max(256),
  name: z.string().max(256).optional(),
  description: z.string().max(10_000).optional(),
  tags: z.array(z.string().max(256)).max(100).optional(),
  examples: z.array(z.string().max(4000)).max(100).optional(),
});

const capabilitiesSchema = z.object({ streaming: z.boolean().optional() }).optional();

const v1CardSchema = z.object({
  name: z.string({ error: "expected the agent's name" }).min(1).max(256),
  description: z.string().max(10_000).optional(),
  version: z.string().max(256).optional(),
  supportedInterfaces: z
    .array(z.object({ url: z.url({ error: "expected the interface's http(s) URL" }), protocolBinding: z.string().min(1), protocolVersion: z.string().optional() }))
    .min(1, { error: "expected at least one interface" })
    .max(50),
  capabilities: capabilitiesSchema,
  skills: z.array(skillSchema, { error: "expected a list of skills" }).max(500),
});

const v03CardSchema = z.object({
  name: z.string({ error: "expected the agent's name" }).min(1).max(256),
  description: z.string().max(10_000).optional(),
  version: z.string().max(256).optional(),
  url: z.url({ error: "expected the agent's http(s) URL" }),
  protocolVersion: z.string().optional(),
  capabilities: capabilitiesSchema,
  skills: z.array(skillSchema, { error: "expected a list of skills" }).max(500),
});

export class AgentCardError extends Error {
  constructor(
    message: string,
    readonly problems: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = "AgentCardError";
  }
}

/** A fetched agent card: the SDK's v1.0 form (a v0.3 card is translated) and its JSON-RPC endpoint. */
export interface RemoteCard {
  card: AgentCard;
  endpoint: string;
}

/**
 * Fetches an agent card and checks it: valid JSON within 512 KB, a v1.0 or v0.3 card with a name
 * and skills, and a JSON-RPC interface (the binding the gateway speaks) that the network policy
 * lets the gateway reach. Every problem is an AgentCardError naming the field.
 */
export async function fetchAgentCard(url: string, fetchImpl: typeof fetch, mode: NetworkMode, timeoutMs = 10_000): Promise<RemoteCard> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: "application/json", "a2a-version": "1.0" }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new AgentCardError(`could not fetch the agent card at ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new AgentCardError(`the agent card at ${url} answered HTTP ${response.status}; expected 200 with the card`);
  let raw: unknown;
  try {
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_CARD_BYTES) throw new AgentCardError(`the agent card at ${url} is larger than ${MAX_CARD_BYTES / 1024} KB`);
    raw = JSON.parse(text);
  } catch (error) {
    if (error instanceof AgentCardError) throw error;
    throw new AgentCardError(`the agent card at ${url} is not valid JSON: ${(error as Error).message}`);
  }
  return checkAgentCard(raw, url, mode);
}

export function checkAgentCard(raw: unknown, url: string, mode: NetworkMode): RemoteCard {
  const isV1 = typeof raw === "object" && raw !== null && Array.isArray((raw as { supportedInterfaces?: unknown }).supportedInterfaces);
  const parsed = (isV1 ? v1CardSchema : v03CardSchema).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((issue) => ({ path: `$.${issue.path.join(".")}`, message: issue.message }));
    throw new AgentCardError(`the agent card at ${url} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, problems);
  }
  let card: AgentCard;
  try {
    // A v0.3 card is translated by the SDK's compat layer; a v1.0 card is read as proto JSON.
    card = isLegacyAgentCard(raw) ? parseLegacyAgentCard(raw) : AgentCard.fromJSON(raw);
  } catch (error) {
    throw new AgentCardError(`the agent card at ${url} could not be read as A2A v1.0 or v0.3: ${(error as Error).message}`);
  }
  const jsonRpc = card.supportedInterfaces.filter((entry) => entry.protocolBinding.toUpperCase() === "JSONRPC");
  if (jsonRpc.length === 0) {
    const offered = [...new Set(card.supportedInterfaces.map((entry) => entry.protocolBinding))].join(", ") || "none";
    throw new AgentCardError(`the agent offers no JSON-RPC interface (it offers ${offered}); Switchyard calls A2A agents over JSON-RPC`);
  }
  for (const entry of jsonRpc) {
    const refusal = urlRefusal(new URL(entry.url), mode);
    if (refusal) throw new AgentCardError(`the agent's JSON-RPC interface ${entry.url} cannot be reached: ${refusal}`, [{ path: "$.supportedInterfaces", message: refusal }]);
  }
  const ids = new Set<string>();
  for (const skill of card.skills) {
    if (ids.has(skill.id)) throw new AgentCardError(`the agent card lists skill "${skill.id}" twice; skill ids must be unique`);
    ids.add(skill.id);
  }
  return { card, endpoint: jsonRpc[0]!.url };
}
