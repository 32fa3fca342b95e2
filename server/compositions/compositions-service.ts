import { type CompositionSpec, compositionSpecSchema, memberLabel } from "../../runner/gateway/compose/composition-spec.ts";
import { type CompositionReview, reviewComposition } from "../../runner/gateway/compose/review.ts";
import type { ServedDeployment } from "../../runner/gateway/gateway.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Db } from "../db/database.ts";
import { announceDeploymentsChanged } from "../deployments/deployments-changed.ts";
import type { Engine } from "../engine/engine.ts";
import { resolveDeployment } from "../deployments/resolve-deployment.ts";
import { AppError } from "../errors.ts";
import type { MemberLister } from "./member-listings.ts";

/** A composite as the console shows it, with where the gateway serves it. */
export interface CompositionView {
  name: string;
  stopped: boolean;
  composition: CompositionSpec;
  endpoints: { mcp: string; sse: string; ws: string };
  createdAt: string;
  updatedAt: string;
}

interface Common {
  db: Db;
  tenantId: string;
  /** The gateway's base URL, for the endpoints shown. */
  gatewayUrl: string;
}

interface Checked {
  /** What the composite offers with its members' tools as they are now; problems refuse a save. */
  review: CompositionReview;
}

export interface SaveCompositionOptions extends Common {
  secretBox: SecretBox;
  /** Where a change to the composite is announced to the gateways. */
  engine: Engine;
  actor: string;
  name: string;
  composition: CompositionSpec;
  /** Asks the members' servers for their tools. */
  lister: MemberLister;
}

const select = { name: true, stopped: true, composition: true, createdAt: true, updatedAt: true } as const;

function toView(row: { name: string; stopped: boolean; composition: unknown; createdAt: Date; updatedAt: Date }, gatewayUrl: string): CompositionView {
  return {
    name: row.name,
    stopped: row.stopped,
    composition: compositionSpecSchema.parse(row.composition),
    endpoints: endpointsOf(gatewayUrl, row.name),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function endpointsOf(gatewayUrl: string, name: string): CompositionView["endpoints"] {
  return { mcp: `${gatewayUrl}/mcp/${name}`, sse: `${gatewayUrl}/sse/${name}`, ws: `${gatewayUrl.replace(/^http/, "ws")}/ws/${name}` };
}

export async function listCompositions(options: Common): Promise<CompositionView[]> {
  const rows = await options.db.deployment.findMany({ where: { tenantId: options.tenantId, componentVersionId: null }, select, orderBy: { name: "asc" } });
  return rows.map((row) => toView(row, options.gatewayUrl));
}

export async function getComposition(options: Common & { name: string }): Promise<CompositionView> {
  const row = await options.db.deployment.findUnique({ where: { tenantId_name: { tenantId: options.tenantId, name: options.name } }, select });
  if (!row || row.composition === null) throw new AppError("NOT_FOUND", `your tenant has no composite named "${options.name}"`);
  return toView(row, options.gatewayUrl);
}

/**
 * The composition against its members as they run now: each member must be one of the tenant's
 * deployments that runs a component (not a composite, not the composite itself), and the tools
 * they list must give no clashing names and take the fixed arguments set for them.
 */
export async function previewComposition(options: {
  db: Db;
  secretBox: SecretBox;
  tenantId: string;
  composition: CompositionSpec;
  lister: MemberLister;
  /** The composite being edited, which cannot be its own member. */
  self?: string;
}): Promise<CompositionReview> {
  const members = await memberDeployments(options);
  return reviewComposition(options.composition, await options.lister(members));
}

/** Saves a new composite after checking it live; refused with every problem named. */
export async function createComposition(options: SaveCompositionOptions): Promise<Checked & { view: CompositionView }> {
  const { db, tenantId, actor, name, composition } = options;
  const taken = () => new AppError("CONFLICT", `name: you already have a deployment named "${name}"; pick another name`, { details: { fieldErrors: { name: `you already have a deployment named "${name}"` } } });
  if (await db.deployment.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { id: true } })) throw taken();
  const review = await checked({ ...options, self: name });
  const row = await db
    .$transaction(async (tx) => {
      // Composites keep no warm processes: their members' pools serve them.
      const created = await tx.deployment.create({ data: { tenantId, name, composition: composition as object, poolMin: 0, poolMax: 1 }, select });
      await tx.auditEvent.create({ data: { tenantId, actor, action: "composition.create", target: `deployment:${name}`, data: auditData(composition) } });
      return created;
    })
    .catch((error: unknown) => {
      // Another deployment took the name while the members were being checked.
      throw (error as { code?: unknown }).code === "P2002" ? taken() : error;
    });
  return { view: toView(row, options.gatewayUrl), review };
}

/** Replaces a composite's members; sessions already open keep the members they started with. */
export async function updateComposition(options: SaveCompositionOptions): Promise<Checked & { view: CompositionView }> {
  const { db, tenantId, actor, name, composition } = options;
  await getComposition(options);
  const review = await checked({ ...options, self: name });
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.deployment.update({ where: { tenantId_name: { tenantId, name } }, data: { composition: composition as object }, select });
    await tx.auditEvent.create({ data: { tenantId, actor, action: "composition.update", target: `deployment:${name}`, data: auditData(composition) } });
    return updated;
  });
  await announceDeploymentsChanged(options.engine, tenantId);
  return { view: toView(row, options.gatewayUrl), review };
}

/** Removes a composite; its members stay as they are. */
export async function deleteComposition(options: Common & { engine: Engine; actor: string; name: string }): Promise<{ deleted: string }> {
  const { db, tenantId, actor, name } = options;
  await db.$transaction(async (tx) => {
    const row = await tx.deployment.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { id: true, composition: true } });
    if (!row || row.composition === null) throw new AppError("NOT_FOUND", `your tenant has no composite named "${name}"`);
    await tx.deployment.delete({ where: { id: row.id } });
    await tx.auditEvent.create({ data: { tenantId, actor, action: "composition.delete", target: `deployment:${name}` } });
  });
  await announceDeploymentsChanged(options.engine, tenantId);
  return { deleted: name };
}

async function checked(options: SaveCompositionOptions & { self: string }): Promise<CompositionReview> {
  const review = await previewComposition(options);
  if (review.problems.length > 0) {
    const more = review.problems.length > 1 ? ` (and ${review.problems.length - 1} more problem${review.problems.length > 2 ? "s" : ""})` : "";
    throw new AppError("BAD_REQUEST", `${review.problems[0]}${more}`, { details: { problems: review.problems, review } });
  }
  return review;
}

/** Each member's deployment, resolved in the tenant; a member that is not one is refused, naming its field. */
async function memberDeployments(options: { db: Db; secretBox: SecretBox; tenantId: string; composition: CompositionSpec; self?: string }): Promise<ServedDeployment[]> {
  const { db, secretBox, tenantId, composition, self } = options;
  const resolved = new Map<string, ServedDeployment | "composite" | null>();
  const fieldErrors: Record<string, string> = {};
  for (const [index, member] of composition.members.entries()) {
    const field = `members.${index}.deployment`;
    if (member.deployment === self) {
      fieldErrors[field] ??= `a composite cannot be a member of itself: pick one of your other deployments`;
      continue;
    }
    if (!resolved.has(member.deployment)) {
      const found = await resolveDeployment({ db, secretBox, tenantId, name: member.deployment });
      resolved.set(member.deployment, found === null ? null : found.composition !== undefined ? "composite" : found);
    }
    const found = resolved.get(member.deployment);
    if (found === null) fieldErrors[field] ??= `your tenant has no deployment named "${member.deployment}"`;
    else if (found === "composite") fieldErrors[field] ??= `"${member.deployment}" is a composite itself: its members can be members here instead`;
  }
  const [first] = Object.entries(fieldErrors);
  if (first) throw new AppError("BAD_REQUEST", `${first[0]}: ${first[1]}`, { details: { fieldErrors } });
  return composition.members.map((member) => resolved.get(member.deployment) as ServedDeployment);
}

function auditData(composition: CompositionSpec): { members: string[] } {
  return { members: composition.members.map((member) => memberLabel(member)) };
}
