import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { tokenMatches } from "../protocol/api-key.ts";
import { refuse, sendJson } from "../protocol/http-replies.ts";
import { BodyTooLargeError, readBody } from "../protocol/read-body.ts";
import { serverJsonSchema } from "../protocol/server-json.ts";
import type { Logger } from "pino";
import { attachLinkServer } from "./link-server.ts";
import type { NodeAgent } from "./node-agent.ts";

const deploySchema = z.object({
  name: z.string().min(1),
  manifest: serverJsonSchema,
  values: z.object({ config: z.record(z.string(), z.string()), secrets: z.record(z.string(), z.string()) }),
  pool: z.object({ min: z.number().int().min(0).max(64), max: z.number().int().min(1).max(256) }).partial().optional(),
  command: z.object({ command: z.string().min(1), args: z.array(z.string()), cwd: z.string().optional() }).optional(),
});
const probeSchema = deploySchema.pick({ manifest: true, values: true });
const scaleSchema = z
  .object({ min: z.number().int().min(0).max(64), max: z.number().int().min(1).max(256) })
  .refine((s) => s.min <= s.max, { error: "min must not exceed max" });

type Route = (agent: NodeAgent, match: RegExpExecArray, body: () => Promise<unknown>) => Promise<[number, unknown]>;

/**
 * The agent's own HTTP port: health and metrics for everyone, and the control API used by the
 * web tier (start, stop, restart, scale deployments; list processes; tail stderr), which needs
 * the agent token.
 */
const ROUTES: Array<[string, RegExp, Route]> = [
  ["GET", /^\/v1\/processes$/, async (agent) => [200, agent.processes()]],
  ["GET", /^\/v1\/deployments$/, async (agent) => [200, agent.health().deployments]],
  [
    "GET",
    /^\/v1\/processes\/([\w-]+)\/stderr$/,
    async (agent, match) => {
      const lines = agent.stderr(match[1]!);
      return lines ? [200, { lines }] : [404, { error: `no process ${match[1]} on this node` }];
    },
  ],
  [
    "PUT",
    /^\/v1\/deployments\/([\w-]+)$/,
    async (agent, match, body) => {
      const input = deploySchema.parse(await body());
      return [200, await agent.deploy({ id: match[1]!, ...input })];
    },
  ],
  ["POST", /^\/v1\/probe$/, async (agent, _match, body) => [200, await agent.probe(probeSchema.parse(await body()))]],
  [
    "DELETE",
    /^\/v1\/deployments\/([\w-]+)$/,
    async (agent, match) => {
      await agent.undeploy(match[1]!);
      return [200, { stopped: match[1] }];
    },
  ],
  [
    "POST",
    /^\/v1\/deployments\/([\w-]+)\/restart$/,
    async (agent, match) => {
      const pool = agent.pool(match[1]!);
      if (!pool) return [404, { error: `deployment ${match[1]} is not running on this node` }];
      await pool.restart();
      return [200, pool.status()];
    },
  ],
  [
    "POST",
    /^\/v1\/deployments\/([\w-]+)\/scale$/,
    async (agent, match, body) => {
      const pool = agent.pool(match[1]!);
      if (!pool) return [404, { error: `deployment ${match[1]} is not running on this node` }];
      const { min, max } = scaleSchema.parse(await body());
      pool.scale(min, max);
      return [200, pool.status()];
    },
  ],
];

export interface AgentServer {
  server: http.Server;
  /** Ends the gateways' links, then stops listening. */
  close(): Promise<void>;
}

/** The control API, health and metrics, and the gateways' links, on one port. */
export function createAgentServer(agent: NodeAgent, controlToken: string, log: Logger): AgentServer {
  const server = http.createServer(agentRequestHandler(agent, controlToken));
  const closeLinks = attachLinkServer(server, agent, controlToken, log);
  return {
    server,
    async close() {
      await closeLinks();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function agentRequestHandler(agent: NodeAgent, controlToken: string): http.RequestListener {
  return (req, res) => void route(agent, controlToken, req, res);
}

async function route(agent: NodeAgent, controlToken: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0]!;
  if (path === "/healthz") return sendJson(res, 200, { status: "ok", ...agent.health() });
  if (path === "/metrics") return sendJson(res, 200, await agent.metrics.metrics(), agent.metrics.contentType);
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (!match || req.method !== method) continue;
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!given || !tokenMatches(given, controlToken)) return refuse(res, 401, "agent_token", "the control API needs `Authorization: Bearer <agent token>`");
    try {
      const [status, value] = await handler(agent, match, async () => JSON.parse(await readBody(req, 1024 * 1024)));
      return sendJson(res, status, value);
    } catch (error) {
      if (error instanceof z.ZodError) {
        const issue = error.issues[0]!;
        return sendJson(res, 400, { error: `${issue.path.join(".") || "body"}: ${issue.message}` });
      }
      if (error instanceof SyntaxError) return sendJson(res, 400, { error: "the body is not valid JSON" });
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      return sendJson(res, 502, { error: (error as Error).message });
    }
  }
  sendJson(res, 404, { error: `nothing at ${req.method} ${path}: try /healthz, /metrics or the /v1 control API` });
}
