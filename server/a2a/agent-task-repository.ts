import type { A2aTaskRepository, StoredTask, TaskListQuery, TaskScope } from "../../runner/a2a/task-store.ts";
import type { Db } from "../db/database.ts";

/**
 * The A2A tasks of stored agents (/a2a/agents/<id>), kept like the deployments' tasks
 * (task-repository.ts): the scope's `deploymentId` is the agent's row id here, and every read and
 * write names the tenant and the agent.
 */
export class PrismaAgentTaskRepository implements A2aTaskRepository {
  constructor(private readonly db: Db) {}

  async save(task: StoredTask): Promise<void> {
    const data = { contextId: task.contextId, state: task.state, statusAt: task.statusAt, task: task.task as object };
    const updated = await this.db.a2aAgentTask.updateMany({ where: { id: task.id, tenantId: task.tenantId, agentId: task.deploymentId }, data });
    if (updated.count > 0) return;
    await this.db.a2aAgentTask.create({ data: { id: task.id, tenantId: task.tenantId, agentId: task.deploymentId, ...data } });
  }

  async load(scope: TaskScope, id: string): Promise<unknown | null> {
    const row = await this.db.a2aAgentTask.findFirst({ where: { id, tenantId: scope.tenantId, agentId: scope.deploymentId }, select: { task: true } });
    return row?.task ?? null;
  }

  async list(query: TaskListQuery): Promise<{ tasks: unknown[]; totalSize: number }> {
    const where = {
      tenantId: query.tenantId,
      agentId: query.deploymentId,
      ...(query.contextId ? { contextId: query.contextId } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.statusAfter ? { statusAt: { gt: query.statusAfter } } : {}),
    };
    const page = query.after
      ? { OR: [{ statusAt: { lt: query.after.statusAt } }, { statusAt: query.after.statusAt, id: { lt: query.after.id } }] }
      : {};
    const [rows, totalSize] = await Promise.all([
      this.db.a2aAgentTask.findMany({ where: { AND: [where, page] }, orderBy: [{ statusAt: "desc" }, { id: "desc" }], take: query.pageSize, select: { task: true } }),
      this.db.a2aAgentTask.count({ where }),
    ]);
    return { tasks: rows.map((row) => row.task), totalSize };
  }
}
