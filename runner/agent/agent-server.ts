import http from "node:http";
import { sendJson } from "../gateway/http-replies.ts";
import type { NodeAgent } from "./node-agent.ts";

/** The agent's own HTTP port: health and Prometheus metrics (the control API grows here). */
export function createAgentServer(agent: NodeAgent): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return sendJson(res, 200, { status: "ok", ...agent.health() });
    if (path === "/metrics") {
      agent.metrics.metrics().then(
        (text) => sendJson(res, 200, text, agent.metrics.contentType),
        () => sendJson(res, 500, { error: "metrics failed" }),
      );
      return;
    }
    sendJson(res, 404, { error: `nothing at ${path}: try /healthz or /metrics` });
  });
}
