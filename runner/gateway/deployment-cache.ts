import type { ResolvedDeployment } from "./gateway.ts";

const MAX_CACHED = 10_000;

/**
 * Deployments as the gateway serves them, by tenant and name. Looking one up reads the database,
 * decrypts its secrets and parses its manifest (3.7 ms of a 4–7 ms session start in the bench
 * harness), and a 2026-07-28 client names its deployment on every request, with no session to
 * remember it. A change to any of a tenant's deployments is announced on the engine
 * (CHANNELS.deploymentsChanged) and drops all of that tenant's entries, composites included,
 * on every gateway; entries also expire after `ttlMs`, which bounds how stale one can be should
 * an announcement be lost. A name that is not found is not remembered, so a new deployment is
 * served at once.
 */
export class DeploymentCache {
  private readonly entries = new Map<string, { tenantId: string; deployment: ResolvedDeployment; until: number }>();
  /** Counts `forgetTenant` calls, so a lookup that overlapped a change is not kept. */
  private forgets = 0;

  constructor(
    private readonly lookup: (tenantId: string, name: string) => Promise<ResolvedDeployment | null>,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(tenantId: string, name: string): Promise<ResolvedDeployment | null> {
    const key = `${tenantId}/${name}`;
    const cached = this.entries.get(key);
    if (cached && cached.until > this.now()) return cached.deployment;
    const forgetsBefore = this.forgets;
    const deployment = await this.lookup(tenantId, name);
    if (!deployment || this.forgets !== forgetsBefore) return deployment;
    if (!cached && this.entries.size >= MAX_CACHED) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { tenantId, deployment, until: this.now() + this.ttlMs });
    return deployment;
  }

  forgetTenant(tenantId: string): void {
    this.forgets += 1;
    for (const [key, entry] of this.entries) if (entry.tenantId === tenantId) this.entries.delete(key);
  }
}
