import { AgentCard, type AgentSkill } from "@a2a-js/sdk";
import type { McpTool } from "./mcp-tools.ts";
import { textArgumentOf } from "./message-input.ts";
import { isPlainObject } from "./parts.ts";
import { type A2aRules, type RuleEntry, expose } from "./rules.ts";

/**
 * The agent card of an MCP server served as an A2A agent: the server's info names the agent, each
 * tool (after the deployment's rules) becomes a skill, and since A2A skills carry no schemas, the
 * tools' input and output schemas are published in an agent-card extension keyed by skill id.
 */
export const MCP_TOOLS_EXTENSION = "urn:switchyard:a2a:mcp-tools:v1";
export const SECURITY_SCHEME = "switchyardApiKey";

/** A skill and the tool it runs. */
export interface SkillRoute {
  skillId: string;
  tool: McpTool;
  entry: RuleEntry | undefined;
}

export interface ServedAgent {
  card: AgentCard;
  skills: Map<string, SkillRoute>;
  /** The skill a message naming none runs: the rules' default, or the only skill. */
  defaultSkill: string | undefined;
}

export interface AgentDescription {
  deploymentName: string;
  /** Where the agent is reached: `<gateway>/a2a/<deployment>`. */
  endpoint: string;
  initializeResult: Record<string, unknown> | undefined;
  tools: readonly McpTool[];
  rules: A2aRules;
}

export function describeAgent(description: AgentDescription): ServedAgent {
  const { initializeResult, rules } = description;
  const info = isPlainObject(initializeResult?.serverInfo) ? initializeResult.serverInfo : {};
  const skills = new Map<string, SkillRoute>();
  const cardSkills: AgentSkill[] = [];
  const schemas: Record<string, unknown> = {};
  for (const exposed of expose(rules, description.tools, (tool) => tool.name, (tool) => tool.description)) {
    if (skills.has(exposed.name)) continue;
    const tool = exposed.item;
    skills.set(exposed.name, { skillId: exposed.name, tool, entry: exposed.entry });
    const annotations = tool.annotations ?? {};
    cardSkills.push({
      id: exposed.name,
      name: tool.title ?? (typeof annotations.title === "string" ? annotations.title : tool.name),
      description: exposed.description ?? `The MCP tool ${tool.name}`,
      tags: ["mcp-tool", ...(annotations.readOnlyHint === true ? ["read-only"] : []), ...(annotations.destructiveHint === true ? ["destructive"] : [])],
      examples: [],
      inputModes: takesText(tool, exposed.entry) ? ["application/json", "text/plain"] : ["application/json"],
      outputModes: ["text/plain", "application/json"],
      securityRequirements: [],
    });
    schemas[exposed.name] = { tool: tool.name, inputSchema: tool.inputSchema, ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}), ...(tool.annotations ? { annotations: tool.annotations } : {}) };
  }
  const defaultSkill = rules.defaultSkill !== undefined && skills.has(rules.defaultSkill) ? rules.defaultSkill : skills.size === 1 ? skills.keys().next().value : undefined;
  const name = typeof info.title === "string" ? info.title : typeof info.name === "string" ? info.name : description.deploymentName;
  const instructions = typeof initializeResult?.instructions === "string" ? initializeResult.instructions : "";
  const card: AgentCard = {
    name,
    description: instructions.slice(0, 1000) || `The MCP server ${name}, served by Switchyard as an A2A agent: each of its tools is a skill.`,
    supportedInterfaces: [
      { url: description.endpoint, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" },
      { url: description.endpoint, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "0.3" },
    ],
    provider: { organization: "Switchyard", url: new URL(description.endpoint).origin },
    version: typeof info.version === "string" ? info.version : "0.0.0",
    capabilities: {
      streaming: true,
      pushNotifications: false,
      extendedAgentCard: false,
      extensions: [
        {
          uri: MCP_TOOLS_EXTENSION,
          description: `Each skill runs one MCP tool. params.tools maps a skill id to its tool's name and JSON schemas. Name the skill in the message metadata key "skillId"${defaultSkill ? ` (default: ${defaultSkill})` : ""} and put the arguments in a data part.`,
          required: false,
          params: { tools: schemas, skillIdKey: "skillId", ...(defaultSkill ? { defaultSkill } : {}) },
        },
      ],
    },
    securitySchemes: {
      [SECURITY_SCHEME]: {
        scheme: { $case: "httpAuthSecurityScheme", value: { description: "A Switchyard tenant API key, as for /mcp", scheme: "Bearer", bearerFormat: "sy_<prefix>_<secret>" } },
      },
    },
    securityRequirements: [{ schemes: { [SECURITY_SCHEME]: { list: [] } } }],
    defaultInputModes: ["application/json", "text/plain"],
    defaultOutputModes: ["text/plain", "application/json", "image/png", "audio/wav"],
    skills: cardSkills,
    signatures: [],
  };
  return { card, skills, defaultSkill };
}

/** Whether a text-only message can call the tool: its text goes to a mapped or its only string argument. */
function takesText(tool: McpTool, entry: RuleEntry | undefined): boolean {
  if (entry?.arguments) return Object.values(entry.arguments).includes("$text");
  return textArgumentOf(tool.inputSchema) !== undefined;
}

/** The card as A2A v1.0 clients read it (proto JSON). */
export function cardJson(card: AgentCard): unknown {
  return AgentCard.toJSON(card);
}

/**
 * The card for v0.3 clients, which ask without an A2A-Version header: v0.3's fields (url,
 * preferredTransport, protocolVersion, http security scheme) with v1.0's supportedInterfaces
 * kept, so a v1.0 client reading it still finds its interface.
 */
export function legacyCardJson(card: AgentCard): Record<string, unknown> {
  const v1 = AgentCard.toJSON(card) as Record<string, unknown>;
  const legacy = card.supportedInterfaces.find((entry) => entry.protocolVersion === "0.3") ?? card.supportedInterfaces[0]!;
  return {
    ...v1,
    protocolVersion: "0.3.0",
    url: legacy.url,
    preferredTransport: legacy.protocolBinding,
    capabilities: {
      streaming: card.capabilities?.streaming ?? false,
      pushNotifications: card.capabilities?.pushNotifications ?? false,
      extensions: (card.capabilities?.extensions ?? []).map((ext) => ({ uri: ext.uri, description: ext.description, required: ext.required, params: ext.params })),
    },
    securitySchemes: { [SECURITY_SCHEME]: { type: "http", scheme: "bearer", bearerFormat: "sy_<prefix>_<secret>", description: "A Switchyard tenant API key, as for /mcp" } },
    security: [{ [SECURITY_SCHEME]: [] }],
    skills: card.skills.map((skill) => ({ id: skill.id, name: skill.name, description: skill.description, tags: skill.tags, inputModes: skill.inputModes, outputModes: skill.outputModes })),
  };
}
