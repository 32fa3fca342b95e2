import type { A2aTaskRepository, StoredTask, TaskListQuery, TaskScope } from "../../runner/a2a/task-store.ts";
import type { Db } from "../db/database.ts";

/** What the repository uses of a task table's Prisma delegate (a2aTask and a2aAgentTask have the same columns but their owner's). */
interface TaskTable {
  updateMany(args: { where: object; data: object }): PromiseLike<{ count: number }>;
  create(args: { data: object }): PromiseLike<unknown>;
  findFirst(args: { where: object; select: { task: true } }): PromiseLike<{ task: unknown } | null>;
  findMany(args: { where: object; orderBy: object[]; take: number; select: { task: true } }): PromiseLike<Array<{ task: unknown }>>;
  count(args: { where: object }): PromiseLike<number>;
}

/**
 * A2A tasks in the database (PGlite or PostgreSQL): a deployment's (`a2aTask`, owned by
 * `deploymentId`) or a stored agent's (`a2aAgentTask`, owned by `agentId`, the scope's
 * `deploymentId` being the agent's row id). Every read and write names the tenant and the owner,
 * so a task id from another tenant is simply not found.
 */
export class PrismaTaskRepository implements A2aTaskRepository {
  private constructor(
    private readonly table: TaskTable,
    private readonly ownerColumn: "deploymentId" | "agentId",
  ) {}

  static forDeployments(db: Db): PrismaTaskRepository {
    return new PrismaTaskRepository(db.a2aTask, "deploymentId");
  }

  static forAgents(db: Db): PrismaTaskRepository {
    return new PrismaTaskRepository(db.a2aAgentTask, "agentId");
  }

  async save(task: StoredTask): Promise<void> {
    const data = { contextId: task.contextId, state: task.state, statusAt: task.statusAt, task: task.task as object };
    const owner = { tenantId: task.tenantId, [this.ownerColumn]: task.deploymentId };
    const updated = await this.table.updateMany({ where: { id: task.id, ...owner }, data });
    if (updated.count > 0) return;
    // A new task. Ids are UUIDs the server makes, so one taken under another scope is an error, not a write.
    await this.table.create({ data: { id: task.id, ...owner, ...data } });
  }

  async load(scope: TaskScope, id: string): Promise<unknown | null> {
    const row = await this.table.findFirst({ where: { id, tenantId: scope.tenantId, [this.ownerColumn]: scope.deploymentId }, select: { task: true } });
    return row?.task ?? null;
  }

  async list(query: TaskListQuery): Promise<{ tasks: unknown[]; totalSize: number }> {
    const where = {
      tenantId: query.tenantId,
      [this.ownerColumn]: query.deploymentId,
      ...(query.contextId ? { contextId: query.contextId } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.statusAfter ? { statusAt: { gt: query.statusAfter } } : {}),
    };
    const page = query.after
      ? { OR: [{ statusAt: { lt: query.after.statusAt } }, { statusAt: query.after.statusAt, id: { lt: query.after.id } }] }
      : {};
    const [rows, totalSize] = await Promise.all([
      this.table.findMany({ where: { AND: [where, page] }, orderBy: [{ statusAt: "desc" }, { id: "desc" }], take: query.pageSize, select: { task: true } }),
      this.table.count({ where }),
    ]);
    return { tasks: rows.map((row) => row.task), totalSize };
  }
}

/** A deployment's stored A2A rules (as JSON; the adapters validate them), or null. */
export async function storedRules(db: Db, deploymentId: string): Promise<unknown> {
  const row = await db.a2aRuleSet.findUnique({ where: { deploymentId }, select: { rules: true } });
  return row?.rules ?? null;
}
