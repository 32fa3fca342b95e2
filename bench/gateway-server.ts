/**
 * The gateway under test, in a process of its own so the load client never shares its event
 * loop and its CPU time can be read from /proc. Started by bench/peers.ts with `--expose-gc` and
 * an IPC channel; prints one JSON line (`GatewayReady`) on stdout when it listens, answers
 * "memory" messages with its RSS and heap after GC, and stops when told or orphaned.
 */
import { addEverythingDeployment, startGatewayHarness } from "../runner/gateway/test/harness.ts";
import { createKey } from "../server/keys/keys-service.ts";

export interface GatewayReady {
  url: string;
  key: string;
  /** One process per session, as seeded (the gateway's default). */
  perSession: string;
  /** Shareable: sessions multiplex onto one process, as on supergateway's one child. */
  shared: string;
  database: string;
  engine: string;
}

export interface MemoryReport {
  rss: number;
  heapUsed: number;
}

const SHARED = "everything-shared";
const harness = await startGatewayHarness();
let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= harness
    .close()
    .catch((error: unknown) => console.error("gateway child: close failed", error))
    .then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);

await addEverythingDeployment(harness.db, harness.tenantA.id, SHARED, { shareable: true, maxConcurrency: 256, maxSessionsPerProcess: 10_000 });
// The demo key's 600 calls a minute would stop the bench; this one has a high limit.
const { key } = await createKey({ db: harness.db, tenantId: harness.tenantA.id, name: "bench", scopes: ["*"], rateLimitPerMinute: 10_000_000, actor: "bench" });

process.on("message", (message) => {
  if (message !== "memory") return;
  // Twice: the first pass can leave garbage that only finalizers released.
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed } satisfies MemoryReport);
});

const ready: GatewayReady = { url: harness.url, key, perSession: "everything", shared: SHARED, database: harness.database.kind, engine: harness.engine.kind };
console.log(JSON.stringify(ready));
