import type { ProcessView } from "../../runner/agent/node-agent.ts";
import type { PoolStatus } from "../../runner/agent/warm-pool.ts";
import type { ResolvedDeployment } from "../../runner/gateway/gateway.ts";
import type { DeploymentValues } from "../../runner/agent/process-spec.ts";
import type { ProbeReport } from "../../runner/protocol/probe-report.ts";
import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { AppError } from "../errors.ts";

const PROBE_TIMEOUT_MS = 240_000;

export type AgentDeployment = PoolStatus & { id: string; name: string };

/**
 * The web tier's side of a node agent's control API. Addresses come from the agents' own
 * heartbeats in the engine, never from users.
 */
export class AgentClient {
  constructor(
    readonly address: string,
    private readonly token: string,
  ) {}

  processes(): Promise<ProcessView[]> {
    return this.call("GET", "/v1/processes");
  }

  deployments(): Promise<AgentDeployment[]> {
    return this.call("GET", "/v1/deployments");
  }

  deploy(deployment: ResolvedDeployment): Promise<PoolStatus> {
    if (deployment.composition !== undefined) {
      return Promise.reject(new AppError("BAD_REQUEST", `deployment "${deployment.name}" is a composite: it has no processes of its own, its members run them`));
    }
    const { name, manifest, values, pool, command } = deployment;
    return this.call("PUT", `/v1/deployments/${deployment.id}`, { name, manifest, values, pool, command });
  }

  undeploy(deploymentId: string): Promise<unknown> {
    return this.call("DELETE", `/v1/deployments/${deploymentId}`);
  }

  restart(deploymentId: string): Promise<PoolStatus> {
    return this.call("POST", `/v1/deployments/${deploymentId}/restart`);
  }

  scale(deploymentId: string, min: number, max: number): Promise<PoolStatus> {
    return this.call("POST", `/v1/deployments/${deploymentId}/scale`, { min, max });
  }

  /** Installing a package and starting it under each revision can take minutes the first time. */
  probe(request: { manifest: ServerJson; values: DeploymentValues }): Promise<ProbeReport> {
    return this.call("POST", "/v1/probe", request, PROBE_TIMEOUT_MS);
  }

  async stderr(processId: string): Promise<string[] | null> {
    try {
      return (await this.call<{ lines: string[] }>("GET", `/v1/processes/${processId}/stderr`)).lines;
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return null;
      throw error;
    }
  }

  private async call<T>(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.address}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AppError("BAD_REQUEST", `the node agent at ${this.address} does not answer: ${(error as Error).message}`, { cause: error });
    }
    const value = (await response.json().catch(() => ({}))) as { error?: { message?: string } | string };
    if (!response.ok) {
      const message = typeof value.error === "string" ? value.error : (value.error?.message ?? `HTTP ${response.status}`);
      throw new AppError(response.status === 404 ? "NOT_FOUND" : "BAD_REQUEST", message);
    }
    return value as T;
  }
}
