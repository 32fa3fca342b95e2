import type { AgentCard, AgentSkill } from "@a2a-js/sdk";
import { type A2aRules, type RuleEntry, expose } from "./rules.ts";

/**
 * A remote agent's skills as MCP tools. Each skill is a tool with a sanitized name (MCP tool
 * names are letters, digits, '_', '-' and '.') and the same input schema: the message's text,
 * optional structured data, and the context and task ids that continue a conversation or a
 * task that asked for input.
 */
export const SKILL_TOOL_INPUT_SCHEMA = {
  type: "object",
  properties: {
    message: { type: "string", description: "What to ask the agent; sent as a text part." },
    data: { type: "object", description: "Structured input; sent as a data part.", additionalProperties: true },
    contextId: { type: "string", description: "Continue this conversation (from _meta of an earlier result)." },
    taskId: { type: "string", description: "Answer a task that needs input (from _meta of an earlier result)." },
  },
  required: ["message"],
  additionalProperties: false,
} as const;

export interface SkillTool {
  name: string;
  skillId: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: { title: string; openWorldHint: true };
  entry: RuleEntry | undefined;
}

/** A name MCP clients accept: invalid characters become '_', at most 64 characters. */
export function sanitizeToolName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^[_.-]+|[_.-]+$/g, "").slice(0, 64);
  return cleaned === "" ? "skill" : cleaned;
}

/** The agent's skills as tools, after the deployment's rules (renamed, hidden, described). */
export function toolsFromSkills(card: AgentCard, rules: A2aRules): SkillTool[] {
  const tools: SkillTool[] = [];
  const taken = new Set<string>();
  for (const exposed of expose(rules, card.skills, (skill) => skill.id, (skill) => skill.description || undefined)) {
    let name = exposed.entry?.rename ?? sanitizeToolName(exposed.original);
    for (let n = 2; taken.has(name); n++) name = `${sanitizeToolName(exposed.original).slice(0, 60)}_${n}`;
    taken.add(name);
    const skill = exposed.item;
    tools.push({
      name,
      skillId: skill.id,
      title: skill.name || skill.id,
      description: describeSkill(skill, exposed.description, card.name),
      inputSchema: structuredClone(SKILL_TOOL_INPUT_SCHEMA) as Record<string, unknown>,
      annotations: { title: skill.name || skill.id, openWorldHint: true },
      entry: exposed.entry,
    });
  }
  return tools;
}

function describeSkill(skill: AgentSkill, description: string | undefined, agent: string): string {
  const lines = [description ?? `Skill ${skill.id} of the A2A agent ${agent}.`];
  if (skill.examples.length > 0) lines.push(`Examples: ${skill.examples.slice(0, 5).map((example) => JSON.stringify(example)).join("; ")}`);
  if (skill.tags.length > 0) lines.push(`Tags: ${skill.tags.slice(0, 10).join(", ")}`);
  return lines.join("\n");
}

/**
 * The tools as tools/list lists them. For a client that negotiated MCP tasks each may run as a
 * task (`execution.taskSupport: "optional"`, MCP 2025-11-25); others see no `execution`.
 */
export function listedTools(tools: readonly SkillTool[], tasks = false): Array<Record<string, unknown>> {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
    ...(tasks ? { execution: { taskSupport: "optional" } } : {}),
  }));
}
