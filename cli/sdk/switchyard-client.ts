import type { EvalReport } from "../../runner/agents/evals/run-evals.ts";
import type { AgentEvalsInput } from "../../server/agents/agent-evals.ts";
import type { CreatedDeployment } from "../../server/deployments/create-deployment.ts";
import type { DeploymentView } from "../../server/deployments/tenant-deployments.ts";
import type { KeyView, KeyWithUsage } from "../../server/keys/keys-service.ts";
import type { ServerList, ServerResponse } from "../../server/registry/official-shapes.ts";
import type { ComponentSummary } from "../../server/registry/marketplace-read.ts";
import type { PublishResult } from "../../server/registry/publish.ts";

export type { AgentEvalsInput, CreatedDeployment, DeploymentView, EvalReport, KeyView, KeyWithUsage, PublishResult, ServerList, ServerResponse };

export interface ClientOptions {
  /** The web app's base URL, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** A tenant API key with the "*" scope (registry reads need none). */
  apiKey?: string;
  /** Per request; publishing installs and probes the component, so give it minutes. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** An error answer from Switchyard: the status, the server's one-line message and its structured details. */
export class SwitchyardError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = "SwitchyardError";
  }
}

export interface ListServersQuery {
  search?: string;
  version?: "latest" | string;
  updatedSince?: Date;
  limit?: number;
  cursor?: string;
}

export interface ComponentQuery {
  search?: string;
  transport?: "stdio" | "streamable-http" | "sse";
  category?: string;
  verified?: boolean;
  limit?: number;
  cursor?: string;
}

export interface PublishOptions {
  /** Publish past breaking changes released as a minor or patch; Switchyard records the override. */
  force?: boolean;
  /** Values for the variables the server needs to start while it is probed. */
  probeEnvironment?: Record<string, string>;
}

/**
 * A typed client for Switchyard's registry, deployments and keys over HTTP, with no
 * dependencies beyond fetch. Errors come back as SwitchyardError with the server's message.
 */
export class SwitchyardClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  readonly registry = {
    /** One page of the official registry's list (`/v0.1/servers`). */
    listServers: (query: ListServersQuery = {}): Promise<ServerList> =>
      this.request("GET", `/v0.1/servers${queryString({ search: query.search, version: query.version, updated_since: query.updatedSince?.toISOString(), limit: query.limit, cursor: query.cursor })}`),
    /** Every server, following the cursor page by page. */
    allServers: async function* (this: SwitchyardClient, query: Omit<ListServersQuery, "cursor"> = {}): AsyncGenerator<ServerResponse> {
      let cursor: string | undefined;
      do {
        const page = await this.registry.listServers({ ...query, cursor });
        yield* page.servers;
        cursor = page.metadata.nextCursor;
      } while (cursor);
    }.bind(this),
    versions: (name: string): Promise<ServerList> => this.request("GET", `/v0.1/servers/${encodeURIComponent(name)}/versions`),
    getVersion: (name: string, version = "latest"): Promise<ServerResponse> =>
      this.request("GET", `/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`),
    /** Publishes a server.json; refusals (invalid manifest, breaking change, namespace) throw SwitchyardError with details. */
    publish: (serverJson: unknown, options: PublishOptions = {}): Promise<PublishResult> =>
      this.request("POST", "/v0.1/publish", { server: serverJson, ...options }),
    /** The marketplace's listing, with filters. */
    components: (query: ComponentQuery = {}): Promise<{ items: ComponentSummary[]; nextCursor: string | null; categories: string[] }> =>
      this.request("GET", `/api/v1/components${queryString({ ...query, verified: query.verified === undefined ? undefined : String(query.verified) })}`),
  };

  readonly deployments = {
    list: (): Promise<DeploymentView[]> => this.request("GET", "/api/v1/deployments"),
    create: (request: { name: string; component: string; version?: string; values?: Record<string, string> }): Promise<CreatedDeployment> =>
      this.request("POST", "/api/v1/deployments", request),
    delete: (name: string): Promise<{ deleted: string }> => this.request("DELETE", `/api/v1/deployments/${encodeURIComponent(name)}`),
  };

  readonly keys = {
    list: (): Promise<KeyWithUsage[]> => this.request("GET", "/api/v1/keys"),
    /** The full key is in `key`, returned this once only. */
    create: (request: { name: string; scopes?: string[]; rateLimitPerMinute?: number; dailyQuota?: number }): Promise<{ key: string; view: KeyView }> =>
      this.request("POST", "/api/v1/keys", request),
    revoke: (id: string): Promise<unknown> => this.request("DELETE", `/api/v1/keys/${encodeURIComponent(id)}`),
  };

  readonly agents = {
    /** Runs an eval suite `runs` times per case against a stored agent; each run is a real conversation. */
    runEvals: (id: string, request: AgentEvalsInput): Promise<EvalReport> => this.request("POST", `/api/v1/agents/${encodeURIComponent(id)}/evals`, request),
  };

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await (this.options.fetch ?? fetch)(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 300_000),
    });
    const text = await response.text();
    let value: unknown;
    try {
      value = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new SwitchyardError(response.status, `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, undefined);
    }
    if (!response.ok) {
      const error = value as { error?: string; details?: Record<string, unknown> } | undefined;
      throw new SwitchyardError(response.status, error?.error ?? `${method} ${path} answered ${response.status}`, error?.details);
    }
    return value as T;
  }
}

function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== "") params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
