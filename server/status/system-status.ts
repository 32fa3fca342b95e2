import path from "node:path";
import { ENGINE_KEYS } from "../../runner/protocol/channels.ts";
import type { Runtime } from "../runtime-registry.ts";

export interface SystemStatus {
  mode: "local" | "saas";
  database: { kind: string; ok: boolean };
  engine: { kind: string; ok: boolean };
  gateway: { ok: boolean };
  /** Local mode: where `npm start` wrote the demo key. */
  demoKeyFile: string | undefined;
  nodes: Array<{ id: string; load: number; capacity: number }>;
  urls: Runtime["urls"];
}

/** What the home page shows: is each part up, and where is it. */
export async function systemStatus(runtime: Runtime): Promise<SystemStatus> {
  const [database, gateway] = await Promise.all([
    runtime.database.prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
    // Our own gateway on loopback, never a user-supplied URL.
    fetch(`${runtime.urls.gateway}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false),
  ]);
  let engineOk = true;
  let nodes: SystemStatus["nodes"] = [];
  try {
    const keys = await runtime.engine.keys(ENGINE_KEYS.nodesPrefix);
    const records = await Promise.all(keys.map((key) => runtime.engine.get(key)));
    nodes = records
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as { id: string; load: number; capacity: number })
      .map(({ id, load, capacity }) => ({ id, load, capacity }));
  } catch {
    engineOk = false;
  }
  return {
    mode: runtime.config.mode,
    database: { kind: runtime.database.kind, ok: database },
    engine: { kind: runtime.engine.kind, ok: engineOk },
    gateway: { ok: gateway },
    demoKeyFile: runtime.config.mode === "local" ? path.join(runtime.config.dataDir, "demo-api-key") : undefined,
    nodes,
    urls: runtime.urls,
  };
}
