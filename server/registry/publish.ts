import type { DeploymentValues } from "../../runner/agent/process-spec.ts";
import { type ContractChange, diffContracts } from "../../runner/protocol/contract/diff.ts";
import { type Bump, checkPublish, compareVersions, parseVersion, suggestBump } from "../../runner/protocol/contract/semver.ts";
import { type ContractSnapshot, contractSnapshotSchema, hashSnapshot } from "../../runner/protocol/contract/snapshot.ts";
import type { ProbeReport, RevisionProbe } from "../../runner/protocol/probe-report.ts";
import type { ServerJson } from "../../runner/protocol/server-json.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { type Lookup, privateTargetReason } from "../net/public-address.ts";
import { type Manifest, checkManifest, transportsOf } from "./manifest-schema.ts";
import { listingOf } from "./listing.ts";
import { isA2aManifest } from "../../runner/a2a/meta-key.ts";
import { probeA2aAgent } from "./a2a-probe.ts";

/** Installs, starts and probes a component version: a node agent, in this process or across the network. */
export interface Prober {
  probe(request: { manifest: ServerJson; values: DeploymentValues }): Promise<ProbeReport>;
}

export interface PublishRequest {
  tenantId: string;
  /** Who publishes, for the audit log: `key:<prefix>`, `console`, `system`. */
  actor: string;
  /** The server.json, as received. */
  document: unknown;
  /** Values for the environment variables the server needs to start while it is probed. */
  probeEnvironment?: Record<string, string>;
  /** Publish past breaking changes released as a minor or patch; the override is recorded. */
  force?: boolean;
  /** Set only by the platform's own catalog. */
  verified?: boolean;
}

export interface PublishResult {
  name: string;
  version: string;
  snapshotHash: string | null;
  compatibility: RevisionProbe[];
  previousVersion: string | null;
  changes: ContractChange[];
  suggestedBump: Bump | null;
  forced: boolean;
}

export interface PublishContext {
  db: Db;
  prober: Prober;
  /** saas refuses remotes on private addresses; local mode is the developer's own machine. */
  mode: "local" | "saas";
  lookup?: Lookup;
}

/**
 * Publishes one version of a component: validates its server.json, checks the namespace belongs
 * to the caller, probes it on a node under every MCP revision, compares its contract with the
 * version before it and refuses a breaking change released as less than the bump it needs
 * (unless forced, which is recorded). Nothing is written unless every check passes.
 */
export async function publishVersion(context: PublishContext, request: PublishRequest): Promise<PublishResult> {
  const { db } = context;
  const manifest = validManifest(request.document);
  const { name, version } = manifest;
  const namespace = name.split("/")[0]!;
  await checkNamespace(db, namespace, request.tenantId);
  const existing = await db.componentVersion.findMany({
    where: { component: { name } },
    select: { version: true, snapshot: true },
  });
  if (existing.some((row) => row.version === version)) {
    throw new AppError("CONFLICT", `${name} ${version} is already published, and published versions never change: publish a new version`);
  }
  if (!parseVersion(version)) {
    throw manifestError([{ path: "$.version", message: `"${version}" is not a semantic version; expected e.g. 1.0.2 or 2.0.0-beta.1` }]);
  }
  if (context.mode === "saas") await checkRemotes(manifest, context.lookup);
  // A remote A2A agent is probed by fetching its card; its skills are the contract (runner/a2a).
  const report = isA2aManifest(manifest) ? await probeA2aAgent(manifest, context) : await probe(context.prober, manifest, request.probeEnvironment ?? {});
  const previous = newestOf(existing);
  const comparison = compare(previous, manifest, report?.snapshot, request.force === true);
  const snapshotHash = report?.snapshot ? hashSnapshot(report.snapshot) : null;
  const listing = listingOf(manifest);
  try {
    await db.$transaction(async (tx) => {
      const claimed = await tx.namespace.findUnique({ where: { name: namespace } });
      if (!claimed) await tx.namespace.create({ data: { name: namespace, tenantId: request.tenantId } });
      else if (claimed.tenantId !== request.tenantId) throw namespaceTaken(namespace);
      const fields = {
        title: manifest.title ?? null,
        description: manifest.description,
        category: listing.category ?? null,
        transports: transportsOf(manifest),
        updatedAt: new Date(),
        ...(request.verified === undefined ? {} : { verified: request.verified }),
      };
      const component = await tx.component.upsert({
        where: { name },
        create: { name, ownerId: request.tenantId, ...fields },
        update: fields,
      });
      await tx.componentVersion.create({
        data: {
          componentId: component.id,
          version,
          manifest: manifest as object,
          publishedBy: request.actor,
          readme: report?.readme?.replaceAll("\u0000", "") ?? null,
          snapshot: (report?.snapshot ?? undefined) as object | undefined,
          snapshotHash,
          compatibility: (report?.revisions ?? []) as object[],
          previousVersion: previous?.version ?? null,
          changes: comparison.changes as object[],
          suggestedBump: comparison.suggestedBump,
          forced: comparison.forced,
        },
      });
      await tx.auditEvent.create({
        data: {
          tenantId: request.tenantId,
          actor: request.actor,
          action: comparison.forced ? "component.publish.forced" : "component.publish",
          target: `component:${name}@${version}`,
          data: {
            previousVersion: previous?.version ?? null,
            suggestedBump: comparison.suggestedBump,
            breaking: comparison.changes.filter((change) => change.kind === "breaking").map((change) => change.message),
          },
        },
      });
    });
  } catch (error) {
    // Two publishes of one version at once: the unique index lets exactly one through.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", `${name} ${version} was published by another request just now`);
    throw error;
  }
  return {
    name,
    version,
    snapshotHash,
    compatibility: report?.revisions ?? [],
    previousVersion: previous?.version ?? null,
    changes: comparison.changes,
    suggestedBump: comparison.suggestedBump,
    forced: comparison.forced,
  };
}

function validManifest(document: unknown): Manifest {
  const check = checkManifest(document);
  if (!check.ok) throw manifestError(check.errors);
  return check.manifest;
}

function manifestError(errors: Array<{ path: string; message: string }>): AppError {
  const lines = errors.map((error) => `  ${error.path}: ${error.message}`);
  return new AppError("BAD_REQUEST", `server.json is invalid:\n${lines.join("\n")}`, { details: { errors } });
}

async function checkNamespace(db: Db, namespace: string, tenantId: string): Promise<void> {
  const claimed = await db.namespace.findUnique({ where: { name: namespace } });
  if (claimed && claimed.tenantId !== tenantId) throw namespaceTaken(namespace);
}

function namespaceTaken(namespace: string): AppError {
  return new AppError("FORBIDDEN", `the namespace "${namespace}" belongs to another tenant: publish under a namespace of your own, e.g. com.example.yourteam/${"<name>"}`);
}

async function checkRemotes(manifest: Manifest, lookup: Lookup | undefined): Promise<void> {
  const errors: Array<{ path: string; message: string }> = [];
  for (const [index, remote] of (manifest.remotes ?? []).entries()) {
    if (remote.url.startsWith("{")) continue;
    const reason = await privateTargetReason(new URL(remote.url), lookup);
    if (reason) errors.push({ path: `$.remotes[${index}].url`, message: reason });
  }
  if (errors.length > 0) throw manifestError(errors);
}

/** Probes the npm stdio package; remote-only servers are listed without a probe. */
async function probe(prober: Prober, manifest: Manifest, environment: Record<string, string>): Promise<ProbeReport | undefined> {
  const runnable = manifest.packages?.find((p) => p.registryType === "npm" && p.transport.type === "stdio");
  if (!runnable) {
    if ((manifest.remotes?.length ?? 0) > 0) return undefined;
    throw manifestError([
      { path: "$.packages", message: "this registry runs npm packages with the stdio transport; add one, or list the server by its remotes" },
    ]);
  }
  const report = await prober.probe({ manifest: manifest as ServerJson, values: { config: environment, secrets: {} } });
  if (report.ok) return report;
  const stderr = report.stderrTail.length > 0 ? `\nthe server's stderr ended with:\n${report.stderrTail.map((line) => `  ${line}`).join("\n")}` : "";
  throw new AppError("BAD_REQUEST", `${manifest.name} ${manifest.version} could not be started and probed: ${report.failure}${stderr}`, {
    details: { failure: report.failure, stderrTail: report.stderrTail, revisions: report.revisions },
  });
}

interface Previous {
  version: string;
  snapshot: ContractSnapshot | undefined;
}

function newestOf(rows: Array<{ version: string; snapshot: unknown }>): Previous | undefined {
  let newest: { version: string; parsed: NonNullable<ReturnType<typeof parseVersion>>; snapshot: unknown } | undefined;
  for (const row of rows) {
    const parsed = parseVersion(row.version);
    if (parsed && (!newest || compareVersions(parsed, newest.parsed) > 0)) newest = { version: row.version, parsed, snapshot: row.snapshot };
  }
  if (!newest) return undefined;
  const snapshot = contractSnapshotSchema.safeParse(newest.snapshot);
  return { version: newest.version, snapshot: snapshot.success ? snapshot.data : undefined };
}

function compare(previous: Previous | undefined, manifest: Manifest, snapshot: ContractSnapshot | undefined, force: boolean) {
  if (!previous) return { changes: [] as ContractChange[], suggestedBump: null, forced: false };
  const changes = previous.snapshot && snapshot ? diffContracts(previous.snapshot, snapshot) : [];
  const check = checkPublish(previous.version, manifest.version, changes, { force });
  if (!check.ok) {
    const code = check.reason === "breaking_change" ? "CONFLICT" : "BAD_REQUEST";
    throw new AppError(code, check.message, { details: { reason: check.reason, breaking: check.breaking, suggestedBump: suggestBump(changes, previous.version) } });
  }
  return { changes, suggestedBump: suggestBump(changes, previous.version), forced: check.overridden };
}
