import { isDeepStrictEqual } from "node:util";
import { type AgentDefinition, agentDefinitionSchema, modelsOf } from "../../runner/agents/definition.ts";
import { compareVersions, parseVersion } from "../../runner/protocol/contract/semver.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { knownScripts } from "./agent-models.ts";

export interface AgentSummary {
  id: string;
  name: string;
  description: string | null;
  latestVersion: string;
  versions: string[];
  deployments: string[];
  model: string;
  updatedAt: string;
}

export interface AgentDetail extends AgentSummary {
  /** The requested version's definition (the latest when none was asked for). */
  definition: AgentDefinition;
}

/**
 * Defines a version of an agent for a tenant: validates it, checks that every deployment it names
 * is the tenant's own and every model it names exists (a script, or one of the tenant's
 * endpoints), and stores it. A version never changes: defining it again with the same definition
 * changes nothing, with another is refused.
 */
export async function defineAgent(options: { db: Db; tenantId: string; actor: string; definition: unknown }): Promise<AgentDetail & { created: boolean }> {
  const { db, tenantId, actor } = options;
  const definition = agentDefinitionSchema.parse(options.definition);
  await checkReferences(db, tenantId, definition);
  const agent = await db.agent.findUnique({ where: { tenantId_slug: { tenantId, slug: definition.id } }, select: { id: true, latestVersion: true } });
  if (agent) {
    const existing = await db.agentVersion.findUnique({ where: { agentId_version: { agentId: agent.id, version: definition.version } }, select: { definition: true } });
    if (existing) {
      if (isDeepStrictEqual(agentDefinitionSchema.parse(existing.definition), definition)) return { ...(await getAgent({ db, tenantId, id: definition.id, version: definition.version })), created: false };
      throw new AppError("CONFLICT", `version: ${definition.id} ${definition.version} is already defined, and defined versions never change; define a new version, e.g. ${nextPatch(definition.version)}`, {
        details: { fieldErrors: { version: `${definition.version} is already defined with another definition` } },
      });
    }
  }
  await db.$transaction(async (tx) => {
    const row = agent ?? (await tx.agent.create({ data: { tenantId, slug: definition.id, latestVersion: definition.version }, select: { id: true, latestVersion: true } }));
    await tx.agentVersion.create({ data: { agentId: row.id, version: definition.version, definition: definition as object } });
    if (agent && newer(definition.version, agent.latestVersion)) await tx.agent.update({ where: { id: row.id }, data: { latestVersion: definition.version } });
    await tx.auditEvent.create({ data: { tenantId, actor, action: "agent.define", target: `agent:${definition.id}`, data: { version: definition.version } } });
  });
  return { ...(await getAgent({ db, tenantId, id: definition.id, version: definition.version })), created: true };
}

export async function listAgents(options: { db: Db; tenantId: string }): Promise<AgentSummary[]> {
  const rows = await options.db.agent.findMany({
    where: { tenantId: options.tenantId },
    orderBy: { slug: "asc" },
    select: { slug: true, latestVersion: true, updatedAt: true, versions: { select: { version: true, definition: true } } },
  });
  return rows.map((row) => summary(row.slug, row.latestVersion, row.updatedAt, row.versions).summary);
}

export async function getAgent(options: { db: Db; tenantId: string; id: string; version?: string }): Promise<AgentDetail> {
  const row = await options.db.agent.findUnique({
    where: { tenantId_slug: { tenantId: options.tenantId, slug: options.id } },
    select: { slug: true, latestVersion: true, updatedAt: true, versions: { select: { version: true, definition: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `your tenant has no agent "${options.id}"`);
  const { summary: view, definitions } = summary(row.slug, row.latestVersion, row.updatedAt, row.versions);
  const wanted = options.version ?? row.latestVersion;
  const definition = definitions.get(wanted);
  if (!definition) throw new AppError("NOT_FOUND", `agent ${options.id} has no version ${wanted}; it has ${view.versions.join(", ")}`);
  return { ...view, definition };
}

function summary(slug: string, latestVersion: string, updatedAt: Date, versions: Array<{ version: string; definition: unknown }>) {
  const definitions = new Map(versions.map((v) => [v.version, agentDefinitionSchema.parse(v.definition)]));
  const latest = definitions.get(latestVersion)!;
  const sorted = [...definitions.keys()].sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0));
  return {
    definitions,
    summary: {
      id: slug,
      name: latest.name ?? slug,
      description: latest.description ?? null,
      latestVersion,
      versions: sorted,
      deployments: latest.deployments,
      model: latest.model.provider === "scripted" ? `scripted (${latest.model.script})` : `${latest.model.model} at ${latest.model.endpoint}`,
      updatedAt: updatedAt.toISOString(),
    },
  };
}

/** Deployments of this tenant only (never another's), and models that exist. */
async function checkReferences(db: Db, tenantId: string, definition: AgentDefinition): Promise<void> {
  const fieldErrors: Record<string, string> = {};
  const found = new Set(
    (await db.deployment.findMany({ where: { tenantId, name: { in: definition.deployments } }, select: { name: true } })).map((row) => row.name),
  );
  definition.deployments.forEach((name, index) => {
    if (!found.has(name)) fieldErrors[`deployments.${index}`] = `your tenant has no deployment named "${name}"; deploy a component under that name first`;
  });
  const scripts = knownScripts();
  const endpoints = new Set((await db.modelEndpoint.findMany({ where: { tenantId }, select: { name: true } })).map((row) => row.name));
  for (const { role, model } of modelsOf(definition)) {
    const field = role === "executor" ? "model" : `roles.${role}.model`;
    if (model.provider === "scripted" && !scripts.has(model.script)) {
      fieldErrors[`${field}.script`] = `no model script "${model.script}"; the scripts are ${[...scripts.keys()].join(", ")}`;
    }
    if (model.provider === "openai-compatible" && !endpoints.has(model.endpoint)) {
      fieldErrors[`${field}.endpoint`] = `your tenant has no model endpoint "${model.endpoint}"; add it first (agents.saveEndpoint)`;
    }
  }
  const [first] = Object.entries(fieldErrors);
  if (first) throw new AppError("BAD_REQUEST", `${first[0]}: ${first[1]}`, { details: { fieldErrors } });
}

function newer(a: string, b: string): boolean {
  const [va, vb] = [parseVersion(a), parseVersion(b)];
  return va !== undefined && vb !== undefined && compareVersions(va, vb) > 0;
}

function nextPatch(version: string): string {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}.${v.patch + 1}` : version;
}
