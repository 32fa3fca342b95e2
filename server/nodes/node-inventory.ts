import type { Db } from "../db/database.ts";

export interface NodeInfo {
  id: string;
  address: string;
  capacity: number;
}

/**
 * The durable inventory of nodes, for the console's history; who is alive right now is in the
 * engine (TTL heartbeats), not here.
 */
export async function recordNodeSeen(db: Db, node: NodeInfo): Promise<void> {
  const now = new Date();
  await db.node.upsert({
    where: { id: node.id },
    create: { ...node, startedAt: now, lastSeenAt: now },
    update: { address: node.address, capacity: node.capacity, lastSeenAt: now },
  });
}
