import type { A2aTaskRepository, StoredTask, TaskListQuery, TaskScope } from "../../runner/a2a/task-store.ts";
import type { Db } from "../db/database.ts";

/**
 * A2A tasks in the database (PGlite or PostgreSQL). Every read and write names the tenant and
 * the deployment, so a task id from another tenant is simply not found.
 */
export class PrismaTaskRepository implements A2aTaskRepository {
  constructor(private readonly db: Db) {}

  async save(task: StoredTask): Promise<void> {
    const data = { contextId: task.contextId, state: task.state, statusAt: task.statusAt, task: task.task as object };
    const updated = await this.db.a2aTask.updateMany({ where: { id: task.id, tenantId: task.tenantId, deploymentId: task.deploymentId }, data });
    if (updated.count > 0) return;
    // A new task. Ids are UUIDs the server makes, so one taken under another scope is an error, not a write.
    await this.db.a2aTask.create({ data: { id: task.id, tenantId: task.tenantId, deploymentId: task.deploymentId, ...data } });
  }

  async load(scope: TaskScope, id: string): Promise<unknown | null> {
    const row = await this.db.a2aTask.findFirst({ where: { id, tenantId: scope.tenantId, deploymentId: scope.deploymentId }, select: { task: true } });
    return row?.task ?? null;
  }

  async list(query: TaskListQuery): Promise<{ tasks: unknown[]; totalSize: number }> {
    const where = {
      tenantId: query.tenantId,
      deploymentId: query.deploymentId,
      ...(query.contextId ? { contextId: query.contextId } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.statusAfter ? { statusAt: { gt: query.statusAfter } } : {}),
    };
    const page = query.after
      ? { OR: [{ statusAt: { lt: query.after.statusAt } }, { statusAt: query.after.statusAt, id: { lt: query.after.id } }] }
      : {};
    const [rows, totalSize] = await Promise.all([
      this.db.a2aTask.findMany({ where: { AND: [where, page] }, orderBy: [{ statusAt: "desc" }, { id: "desc" }], take: query.pageSize, select: { task: true } }),
      this.db.a2aTask.count({ where }),
    ]);
    return { tasks: rows.map((row) => row.task), totalSize };
  }
}

/** A deployment's stored A2A rules (as JSON; the adapters validate them), or null. */
export async function storedRules(db: Db, deploymentId: string): Promise<unknown> {
  const row = await db.a2aRuleSet.findUnique({ where: { deploymentId }, select: { rules: true } });
  return row?.rules ?? null;
}
