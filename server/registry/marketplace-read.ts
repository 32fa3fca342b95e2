import { diffContracts } from "../../runner/protocol/contract/diff.ts";
import type { ContractChange } from "../../runner/protocol/contract/change.ts";
import { type Bump, compareVersions, parseVersion, suggestBump } from "../../runner/protocol/contract/semver.ts";
import { type ContractSnapshot, contractSnapshotSchema } from "../../runner/protocol/contract/snapshot.ts";
import type { RevisionProbe } from "../../runner/protocol/probe-report.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { endpointsAt } from "../deployments/endpoints.ts";
import { type Manifest, manifestSchema } from "./manifest-schema.ts";

export interface ComponentFilter {
  search?: string;
  transport?: string;
  category?: string;
  verified?: boolean;
  cursor?: string;
  limit: number;
}

export interface ComponentSummary {
  name: string;
  title: string | null;
  description: string;
  category: string | null;
  transports: string[];
  verified: boolean;
  owner: string;
  latestVersion: string;
  publishedAt: string;
  toolCount: number | null;
}

/** The marketplace's list: components by name, filtered, a page at a time (the cursor is the last name). */
export async function listComponents(db: Db, filter: ComponentFilter): Promise<{ items: ComponentSummary[]; nextCursor: string | null; categories: string[] }> {
  const where: Prisma.ComponentWhereInput[] = [{ versions: { some: {} } }];
  if (filter.search) {
    const text = filter.search.replace(/[\\%_]/g, "\\$&");
    where.push({ OR: [{ name: { contains: text, mode: "insensitive" } }, { title: { contains: text, mode: "insensitive" } }, { description: { contains: text, mode: "insensitive" } }] });
  }
  if (filter.transport) where.push({ transports: { has: filter.transport } });
  if (filter.category) where.push({ category: filter.category });
  if (filter.verified !== undefined) where.push({ verified: filter.verified });
  if (filter.cursor) where.push({ name: { gt: filter.cursor } });
  const [rows, categories] = await Promise.all([
    db.component.findMany({
      where: { AND: where },
      orderBy: { name: "asc" },
      take: filter.limit + 1,
      include: { owner: { select: { slug: true } }, versions: { select: { version: true, publishedAt: true, snapshot: true } } },
    }),
    db.component.findMany({ where: { category: { not: null } }, distinct: ["category"], select: { category: true }, orderBy: { category: "asc" } }),
  ]);
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((row) => {
      const latest = newest(row.versions)!;
      const snapshot = parseSnapshot(latest.snapshot);
      return {
        ...listingOf(row),
        latestVersion: latest.version,
        publishedAt: latest.publishedAt.toISOString(),
        toolCount: snapshot ? snapshot.tools.length : null,
      };
    }),
    nextCursor: rows.length > filter.limit ? page.at(-1)!.name : null,
    categories: categories.map((row) => row.category!),
  };
}

export interface VersionSummary {
  version: string;
  publishedAt: string;
  publishedBy: string | null;
  forced: boolean;
  previousVersion: string | null;
  suggestedBump: string | null;
  changes: ContractChange[];
  snapshotHash: string | null;
  compatibility: RevisionProbe[];
}

/** One component with all its versions (newest first) and the caller's deployments of it, with where the gateway serves them. */
export async function getComponent(db: Db, name: string, tenantId: string, gateway: string) {
  const row = await db.component.findUnique({
    where: { name },
    include: {
      owner: { select: { slug: true } },
      versions: {
        include: { deployments: { where: { tenantId }, select: { name: true } } },
      },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", `no component named ${name}`);
  const versions = sortNewestFirst(row.versions);
  return {
    ...listingOf(row),
    versions: versions.map(
      (version): VersionSummary => ({
        version: version.version,
        publishedAt: version.publishedAt.toISOString(),
        publishedBy: version.publishedBy,
        forced: version.forced,
        previousVersion: version.previousVersion,
        suggestedBump: version.suggestedBump,
        changes: version.changes as unknown as ContractChange[],
        snapshotHash: version.snapshotHash,
        compatibility: version.compatibility as unknown as RevisionProbe[],
      }),
    ),
    deployments: versions.flatMap((version) => version.deployments.map((deployment) => ({ name: deployment.name, version: version.version, endpoints: endpointsAt(gateway, deployment.name) }))),
  };
}

/** One version's readme, manifest, recorded contract and the variables a deployment sets. */
export async function getComponentVersion(db: Db, name: string, version: string) {
  const row = await findVersion(db, name, version);
  const manifest = manifestSchema.safeParse(row.manifest);
  return {
    name,
    version: row.version,
    readme: row.readme,
    manifest: row.manifest as Record<string, unknown>,
    snapshot: parseSnapshot(row.snapshot) ?? null,
    environmentVariables: manifest.success ? environmentOf(manifest.data) : [],
    /** Runs on a node here (an npm stdio package); remote-only servers are connected to, not deployed. */
    deployable: manifest.success && runnablePackage(manifest.data) !== undefined,
  };
}

/** How the contract changed between any two versions, and the bump that calls for. */
export async function diffVersions(db: Db, name: string, from: string, to: string): Promise<{ from: string; to: string; changes: ContractChange[]; suggestedBump: Bump | null }> {
  const [older, newer] = await Promise.all([findVersion(db, name, from), findVersion(db, name, to)]);
  const before = parseSnapshot(older.snapshot);
  const after = parseSnapshot(newer.snapshot);
  if (!before || !after) throw new AppError("BAD_REQUEST", `${!before ? from : to} has no recorded contract (published without a probe), so it cannot be compared`);
  const changes = diffContracts(before, after);
  return { from, to, changes, suggestedBump: suggestBump(changes, from) };
}

/** The environment variables of the package a node runs: what a deploy form asks for. */
export function environmentOf(manifest: Manifest) {
  return (runnablePackage(manifest)?.environmentVariables ?? []).map((variable) => ({
    name: variable.name,
    description: variable.description,
    isRequired: variable.isRequired,
    isSecret: variable.isSecret,
    default: variable.default,
    choices: variable.choices,
  }));
}

function runnablePackage(manifest: Manifest) {
  return manifest.packages?.find((p) => p.registryType === "npm" && p.transport.type === "stdio");
}

async function findVersion(db: Db, name: string, version: string) {
  const row = await db.componentVersion.findFirst({ where: { component: { name }, version } });
  if (!row) throw new AppError("NOT_FOUND", `${name} has no version ${version}`);
  return row;
}

/** What a component says about itself in a listing, the same on the list and the detail page. */
function listingOf(row: { name: string; title: string | null; description: string; category: string | null; transports: string[]; verified: boolean; owner: { slug: string } }) {
  const { name, title, description, category, transports, verified } = row;
  return { name, title, description, category, transports, verified, owner: row.owner.slug };
}

function parseSnapshot(value: unknown): ContractSnapshot | undefined {
  const parsed = contractSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Semver order where both parse, publish time otherwise. */
function sortNewestFirst<T extends { version: string; publishedAt: Date }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => {
    const [va, vb] = [parseVersion(a.version), parseVersion(b.version)];
    if (va && vb) return compareVersions(vb, va);
    return b.publishedAt.getTime() - a.publishedAt.getTime();
  });
}

function newest<T extends { version: string; publishedAt: Date }>(rows: T[]): T | undefined {
  return sortNewestFirst(rows)[0];
}
