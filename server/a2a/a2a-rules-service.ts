import type { Part } from "@a2a-js/sdk";
import { Part as PartCodec } from "@a2a-js/sdk";
import { dataPart, textPart, userMessage } from "../../runner/a2a/a2a-model.ts";
import { describeAgent } from "../../runner/a2a/agent-card.ts";
import { guardedFetch } from "../../runner/a2a/guarded-fetch.ts";
import { argumentsFor, inputOf } from "../../runner/a2a/message-input.ts";
import type { McpTool } from "../../runner/a2a/mcp-tools.ts";
import { type McpToolResult, partsToContent, resultToParts } from "../../runner/a2a/parts.ts";
import { AgentCardError, a2aMetaOf, fetchAgentCard } from "../../runner/a2a/remote-agent.ts";
import { type A2aRules, NO_RULES, type RuleProblem, parseRules, renderingOf, rulesProblems } from "../../runner/a2a/rules.ts";
import { schemaProblems } from "../../runner/a2a/schema-check.ts";
import { toolsFromSkills } from "../../runner/a2a/skill-tools.ts";
import { contractSnapshotSchema } from "../../runner/protocol/contract/snapshot.ts";
import { serverJsonSchema } from "../../runner/protocol/server-json.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";

/**
 * A deployment's A2A adaptation rules for the console and tRPC: what they apply to (the tools of
 * an MCP server offered as an agent, or the skills of an A2A agent offered as an MCP server), the
 * stored rules, a preview of rules against a sample before they are saved, and saving them.
 */
export type Direction = "mcp-to-a2a" | "a2a-to-mcp";

export interface RuleTarget {
  original: string;
  description: string;
  /** MCP → A2A: the tool's input schema, which the mapped arguments are checked against. */
  inputSchema?: Record<string, unknown>;
}

export interface A2aRulesView {
  deployment: string;
  direction: Direction;
  /** Where the deployment is reached on the other side. */
  endpoint: string;
  /** The tools (MCP → A2A) or skills (A2A → MCP) the rules may name; empty when unknown. */
  targets: RuleTarget[];
  /** Why the targets are not known, when they are not. */
  targetsUnknown?: string;
  rules: A2aRules;
  /** What is wrong with the stored rules now (a tool since removed, say). */
  problems: RuleProblem[];
  updatedAt: string | null;
  updatedBy: string | null;
}

interface Common {
  db: Db;
  tenantId: string;
  name: string;
  gatewayUrl: string;
  /** The network remote agent cards are fetched through. */
  mode: "local" | "saas";
}

interface Loaded {
  id: string;
  direction: Direction;
  targets: RuleTarget[];
  targetsUnknown?: string;
}

async function load(options: Common): Promise<Loaded> {
  const { db, tenantId, name } = options;
  const row = await db.deployment.findUnique({
    where: { tenantId_name: { tenantId, name } },
    select: { id: true, componentVersion: { select: { manifest: true, snapshot: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `your tenant has no deployment named "${name}"`);
  if (!row.componentVersion) return { id: row.id, direction: "mcp-to-a2a", targets: [], targetsUnknown: "a composite's tools are its members' tools: see the composite's page" };
  const manifest = serverJsonSchema.parse(row.componentVersion.manifest);
  const meta = a2aMetaOf(manifest);
  if (meta) {
    try {
      const remote = await fetchAgentCard(meta.agentCardUrl, guardedFetch({ mode: options.mode }), options.mode);
      return { id: row.id, direction: "a2a-to-mcp", targets: remote.card.skills.map((skill) => ({ original: skill.id, description: skill.description })) };
    } catch (error) {
      if (!(error instanceof AgentCardError)) throw error;
      return { id: row.id, direction: "a2a-to-mcp", targets: [], targetsUnknown: error.message };
    }
  }
  const snapshot = contractSnapshotSchema.safeParse(row.componentVersion.snapshot);
  if (!snapshot.success) return { id: row.id, direction: "mcp-to-a2a", targets: [], targetsUnknown: "this version was published without a recorded contract, so its tools are not known here" };
  return {
    id: row.id,
    direction: "mcp-to-a2a",
    targets: snapshot.data.tools.map((tool) => ({ original: tool.name, description: tool.description ?? "", inputSchema: tool.inputSchema })),
  };
}

function endpointOf(options: Common, direction: Direction): string {
  return direction === "mcp-to-a2a" ? `${options.gatewayUrl}/a2a/${options.name}` : `${options.gatewayUrl}/mcp/${options.name}`;
}

export async function getA2aRules(options: Common): Promise<A2aRulesView> {
  const loaded = await load(options);
  const stored = await options.db.a2aRuleSet.findUnique({ where: { deploymentId: loaded.id } });
  const parsed = parseRules(stored?.rules ?? null);
  const rules = parsed.ok ? parsed.rules : NO_RULES;
  const problems = parsed.ok ? (loaded.targetsUnknown ? [] : rulesProblems(rules, loaded.targets.map((t) => t.original))) : parsed.problems;
  return {
    deployment: options.name,
    direction: loaded.direction,
    endpoint: endpointOf(options, loaded.direction),
    targets: loaded.targets,
    ...(loaded.targetsUnknown ? { targetsUnknown: loaded.targetsUnknown } : {}),
    rules,
    problems,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
    updatedBy: stored?.updatedBy ?? null,
  };
}

/** Saves rules that fit the deployment's tools or skills; anything that does not is refused naming the field. */
export async function saveA2aRules(options: Common & { actor: string; rules: A2aRules }): Promise<A2aRulesView> {
  const loaded = await load(options);
  const problems = loaded.targetsUnknown ? [] : rulesProblems(options.rules, loaded.targets.map((t) => t.original));
  if (problems.length > 0) {
    const fieldErrors = Object.fromEntries(problems.map((p) => [`rules.${p.path}`, p.message]));
    throw new AppError("BAD_REQUEST", `rules.${problems[0]!.path}: ${problems[0]!.message}`, { details: { fieldErrors, problems } });
  }
  const { db, tenantId, actor } = options;
  await db.$transaction([
    db.a2aRuleSet.upsert({
      where: { deploymentId: loaded.id },
      create: { deploymentId: loaded.id, tenantId, rules: options.rules as object, updatedBy: actor },
      update: { rules: options.rules as object, updatedBy: actor },
    }),
    db.auditEvent.create({ data: { tenantId, actor, action: "deployment.a2a_rules", target: `deployment:${options.name}`, data: { rules: options.rules as object } } }),
  ]);
  return getA2aRules(options);
}

export interface A2aSample {
  /** A message as an A2A client would send it (MCP → A2A). */
  message?: { text?: string; data?: Record<string, unknown>; skillId?: string };
  /** A tool result (MCP → A2A: rendered as parts) . */
  result?: McpToolResult;
  /** A2A parts in v1.0 JSON (A2A → MCP: rendered as MCP content). */
  parts?: unknown[];
}

export interface A2aPreview {
  direction: Direction;
  problems: RuleProblem[];
  /** What the other side sees: skills (MCP → A2A) or tools (A2A → MCP). */
  offered: Array<{ name: string; original: string; description: string }>;
  defaultSkill?: string;
  /** MCP → A2A: the tool call the sample message makes. */
  call?: { skillId: string; tool: string; arguments: Record<string, unknown>; problems: string[] } | { error: string };
  /** The sample result as the other side gets it: A2A parts (v1.0 JSON) or MCP content. */
  rendered?: unknown;
}

/** The rules applied to a sample, nothing saved. */
export async function previewA2aRules(options: Common & { rules: A2aRules; sample: A2aSample }): Promise<A2aPreview> {
  const loaded = await load(options);
  const { rules, sample } = options;
  const problems = loaded.targetsUnknown ? [] : rulesProblems(rules, loaded.targets.map((t) => t.original));
  if (loaded.direction === "a2a-to-mcp") {
    const skills = loaded.targets.map((t) => ({ id: t.original, name: t.original, description: t.description, tags: [], examples: [], inputModes: [], outputModes: [], securityRequirements: [] }));
    const tools = toolsFromSkills({ name: options.name, skills } as never, rules);
    const parts = (sample.parts ?? []).map((part) => PartCodec.fromJSON(part));
    const firstTool = tools[0];
    return {
      direction: loaded.direction,
      problems,
      offered: tools.map((tool) => ({ name: tool.name, original: tool.skillId, description: tool.description })),
      ...(sample.parts ? { rendered: partsToContent(parts, renderingOf(rules, firstTool?.entry)) } : {}),
    };
  }
  const tools: McpTool[] = loaded.targets.map((t) => ({ name: t.original, description: t.description, inputSchema: t.inputSchema ?? { type: "object" } }));
  const agent = describeAgent({ deploymentName: options.name, endpoint: endpointOf(options, loaded.direction), initializeResult: undefined, tools, rules });
  const preview: A2aPreview = {
    direction: loaded.direction,
    problems,
    offered: [...agent.skills.values()].map((route) => ({ name: route.skillId, original: route.tool.name, description: route.entry?.description ?? route.tool.description ?? "" })),
    ...(agent.defaultSkill ? { defaultSkill: agent.defaultSkill } : {}),
  };
  const skillId = sample.message?.skillId ?? agent.defaultSkill;
  const route = skillId === undefined ? undefined : agent.skills.get(skillId);
  if (sample.message) {
    if (!route) preview.call = { error: skillId === undefined ? 'the message names no skill (metadata "skillId") and there is no default skill' : `unknown skill "${skillId}"` };
    else {
      const parts: Part[] = [...(sample.message.text ? [textPart(sample.message.text)] : []), ...(sample.message.data ? [dataPart(sample.message.data)] : [])];
      const args = argumentsFor(inputOf(userMessage(parts, {})), route.entry, route.tool.inputSchema);
      preview.call = { skillId: route.skillId, tool: route.tool.name, arguments: args, problems: schemaProblems(route.tool.inputSchema, args) };
    }
  }
  if (sample.result) {
    const rendered = resultToParts(sample.result, renderingOf(rules, route?.entry), route?.entry?.resultParts);
    preview.rendered = rendered.map((part) => PartCodec.toJSON(part));
  }
  return preview;
}
