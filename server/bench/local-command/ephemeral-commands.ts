import type { ServedDeployment } from "../../../runner/gateway/gateway.ts";

/**
 * The bench's local stdio commands, each an ephemeral deployment of one tenant: kept in memory
 * only (they end with the process, like the processes they start), found by the gateway like a
 * stored deployment. Held on globalThis because Next bundles its own copy of server/ while the
 * gateway runs from the launcher's (see runtime-registry.ts).
 *
 * Each is leased to the bench tab that started it, which renews the lease while it is open: a
 * tab that goes away without closing (a crashed or killed browser) stops renewing, and its
 * command is stopped when the lease runs out instead of running until the product restarts.
 */
export class EphemeralCommands {
  private readonly byKey = new Map<string, { deployment: ServedDeployment; keptUntil: number }>();
  /** The timer that stops commands whose lease ran out; started with the first command. */
  reaper: NodeJS.Timeout | undefined;

  add(tenantId: string, deployment: ServedDeployment, keptUntil: number): void {
    this.byKey.set(`${tenantId}/${deployment.name}`, { deployment, keptUntil });
  }

  find(tenantId: string, name: string): ServedDeployment | undefined {
    return this.byKey.get(`${tenantId}/${name}`)?.deployment;
  }

  /** Extends a command's lease; false when the tenant has no such command (any more). */
  keep(tenantId: string, name: string, keptUntil: number): boolean {
    const entry = this.byKey.get(`${tenantId}/${name}`);
    if (entry) entry.keptUntil = Math.max(entry.keptUntil, keptUntil);
    return entry !== undefined;
  }

  remove(tenantId: string, name: string): ServedDeployment | undefined {
    const key = `${tenantId}/${name}`;
    const found = this.byKey.get(key);
    this.byKey.delete(key);
    return found?.deployment;
  }

  /** Removes and returns the commands whose lease ran out by `now`. */
  takeExpired(now: number): ServedDeployment[] {
    const expired: ServedDeployment[] = [];
    for (const [key, entry] of this.byKey) {
      if (entry.keptUntil > now) continue;
      this.byKey.delete(key);
      expired.push(entry.deployment);
    }
    return expired;
  }
}

const GLOBAL_KEY = Symbol.for("switchyard.bench.ephemeralCommands");
type Holder = { [GLOBAL_KEY]?: EphemeralCommands };

export function ephemeralCommands(): EphemeralCommands {
  return ((globalThis as Holder)[GLOBAL_KEY] ??= new EphemeralCommands());
}
