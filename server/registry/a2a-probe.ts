import { guardedFetch } from "../../runner/a2a/guarded-fetch.ts";
import { A2A_META_KEY, AgentCardError, a2aMetaSchema, fetchAgentCard } from "../../runner/a2a/remote-agent.ts";
import { NO_RULES } from "../../runner/a2a/rules.ts";
import { toolsFromSkills } from "../../runner/a2a/skill-tools.ts";
import type { ContractSnapshot } from "../../runner/protocol/contract/snapshot.ts";
import type { ProbeReport } from "../../runner/protocol/probe-report.ts";
import { AppError } from "../errors.ts";
import { type Lookup, privateTargetReason } from "../net/public-address.ts";
import { jsonPath, type Manifest } from "./manifest-schema.ts";

/**
 * The publish-time probe of a remote A2A agent (a server.json whose `_meta["io.switchyard/a2a"]`
 * names an agent card and which has no packages): the card is fetched through the network guard
 * (saas mode: public addresses only, for the card and for the agent's JSON-RPC endpoint), checked,
 * and its skills recorded as the version's contract — the tools the gateway will serve.
 */
export async function probeA2aAgent(manifest: Manifest, context: { mode: "local" | "saas"; lookup?: Lookup }): Promise<ProbeReport> {
  const base = ["_meta", A2A_META_KEY];
  const parsed = a2aMetaSchema.safeParse(manifest._meta?.[A2A_META_KEY]);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => ({ path: jsonPath([...base, ...issue.path.map((key) => (typeof key === "symbol" ? String(key) : key))]), message: issue.message })));
  }
  if ((manifest.packages?.length ?? 0) > 0 || (manifest.remotes?.length ?? 0) > 0) {
    throw invalid([{ path: "$.packages", message: "a component that is a remote A2A agent has no packages or remotes: the gateway calls the agent its card names" }]);
  }
  const url = parsed.data.agentCardUrl;
  if (context.mode === "saas") {
    const reason = await privateTargetReason(new URL(url), context.lookup);
    if (reason) throw invalid([{ path: jsonPath([...base, "agentCardUrl"]), message: reason }]);
  }
  let remote;
  try {
    remote = await fetchAgentCard(url, guardedFetch({ mode: context.mode, lookup: context.lookup }), context.mode);
  } catch (error) {
    if (!(error instanceof AgentCardError)) throw error;
    throw new AppError("BAD_REQUEST", `the A2A agent could not be registered: ${error.message}`, { details: { agentCardUrl: url, problems: error.problems } });
  }
  if (context.mode === "saas") {
    const reason = await privateTargetReason(new URL(remote.endpoint), context.lookup);
    if (reason) throw new AppError("BAD_REQUEST", `the A2A agent could not be registered: its JSON-RPC endpoint ${remote.endpoint} cannot be reached: ${reason}`);
  }
  const { card } = remote;
  const tools = toolsFromSkills(card, NO_RULES);
  const snapshot: ContractSnapshot = {
    tools: tools.map((tool) => ({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations })),
    resources: [],
    resourceTemplates: [],
    prompts: [],
    requiredEnvironment: [],
  };
  const skills = card.skills.map((skill) => `- **${skill.name || skill.id}** (\`${skill.id}\`)${skill.description ? `: ${skill.description}` : ""}`);
  const readme = [`# ${card.name}`, "", card.description, "", `An A2A agent (card: ${url}), served by the gateway as an MCP server: each skill is a tool.`, "", "## Skills", "", ...skills].join("\n");
  return { ok: true, stderrTail: [], serverInfo: { name: card.name, version: card.version }, revisions: [], snapshot, readme: readme.slice(0, 64 * 1024) };
}

function invalid(errors: Array<{ path: string; message: string }>): AppError {
  return new AppError("BAD_REQUEST", `server.json is invalid:\n${errors.map((error) => `  ${error.path}: ${error.message}`).join("\n")}`, { details: { errors } });
}
