import type { ServedDeployment } from "../../../runner/gateway/gateway.ts";

/**
 * The bench's local stdio commands, each an ephemeral deployment of one tenant: kept in memory
 * only (they end with the process, like the processes they start), found by the gateway like a
 * stored deployment. Held on globalThis because Next bundles its own copy of server/ while the
 * gateway runs from the launcher's (see runtime-registry.ts).
 */
export class EphemeralCommands {
  private readonly byKey = new Map<string, ServedDeployment>();

  add(tenantId: string, deployment: ServedDeployment): void {
    this.byKey.set(`${tenantId}/${deployment.name}`, deployment);
  }

  find(tenantId: string, name: string): ServedDeployment | undefined {
    return this.byKey.get(`${tenantId}/${name}`);
  }

  remove(tenantId: string, name: string): ServedDeployment | undefined {
    const key = `${tenantId}/${name}`;
    const found = this.byKey.get(key);
    this.byKey.delete(key);
    return found;
  }
}

const GLOBAL_KEY = Symbol.for("switchyard.bench.ephemeralCommands");
type Holder = { [GLOBAL_KEY]?: EphemeralCommands };

export function ephemeralCommands(): EphemeralCommands {
  return ((globalThis as Holder)[GLOBAL_KEY] ??= new EphemeralCommands());
}
