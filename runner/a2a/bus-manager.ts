import { DefaultExecutionEventBus, type ExecutionEventBus, type ExecutionEventBusManager, type ServerCallContext } from "@a2a-js/sdk/server";
import { scopeOf } from "./task-store.ts";

/**
 * One event bus per running task, scoped like the tasks (tenant and deployment) rather than by
 * the SDK's own tenant field, which a client may set in its params: a client cannot reach
 * another tenant's running task by naming its id.
 */
export class ScopedBusManager implements ExecutionEventBusManager {
  private readonly buses = new Map<string, ExecutionEventBus>();

  createOrGetByTaskId(taskId: string, context?: ServerCallContext): ExecutionEventBus {
    const key = keyOf(taskId, context);
    let bus = this.buses.get(key);
    if (!bus) {
      bus = new DefaultExecutionEventBus();
      this.buses.set(key, bus);
    }
    return bus;
  }

  getByTaskId(taskId: string, context?: ServerCallContext): ExecutionEventBus | undefined {
    return this.buses.get(keyOf(taskId, context));
  }

  cleanupByTaskId(taskId: string, context?: ServerCallContext): void {
    const key = keyOf(taskId, context);
    this.buses.get(key)?.removeAllListeners();
    this.buses.delete(key);
  }

  /** Ends a bus the SDK no longer settles (its task finished after the last request returned). */
  settle(taskId: string, context: ServerCallContext, bus: ExecutionEventBus): void {
    const key = keyOf(taskId, context);
    if (this.buses.get(key) !== bus) return;
    bus.finished();
    this.cleanupByTaskId(taskId, context);
  }

  get size(): number {
    return this.buses.size;
  }
}

function keyOf(taskId: string, context: ServerCallContext | undefined): string {
  if (!context) throw new Error("an A2A event bus needs the request's context for its scope");
  const scope = scopeOf(context);
  return `${scope.tenantId}\u0000${scope.deploymentId}\u0000${taskId}`;
}
