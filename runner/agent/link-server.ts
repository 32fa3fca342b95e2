import type http from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import { type AgentFrame, type GatewayFrame, LINK_PATH } from "../protocol/agent-link.ts";
import { tokenMatches } from "../protocol/api-key.ts";
import { refuseUpgrade } from "../protocol/http-replies.ts";
import type { McpUpstream } from "./mcp-upstream.ts";
import type { NodeAgent } from "./node-agent.ts";
import type { Message, SessionPort } from "./session-mux.ts";

/** Usage of answered calls goes to the gateway in batches, this often, instead of a frame per call. */
const USAGE_EVERY_MS = 200;
/** A leased process no gateway has used for this long is given back to its pool. */
const ORPHAN_AFTER_MS = 10 * 60_000;

/**
 * Gateways reach this agent's processes over one WebSocket each, at /v1/link, with the agent
 * token. A link lost does not end the sessions on it: another gateway may take them over; a
 * process left without any session for ten minutes goes back to its pool.
 */
export function attachLinkServer(server: http.Server, agent: NodeAgent, token: string, log: Logger): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const orphans = new OrphanSweep(agent, log);
  server.on("upgrade", (req, socket: Duplex, head) => {
    socket.on("error", () => socket.destroy());
    if ((req.url ?? "").split("?")[0] !== LINK_PATH) return refuseUpgrade(socket, 404, "not_found", `the agent's only WebSocket endpoint is ${LINK_PATH}`);
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!given || !tokenMatches(given, token)) return refuseUpgrade(socket, 401, "agent_token", "the link needs `Authorization: Bearer <agent token>`");
    wss.handleUpgrade(req, socket, head, (ws) => new LinkConnection(ws, agent, orphans, log));
  });
  return async () => {
    orphans.stop();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

class LinkConnection {
  private readonly ports = new Map<number, { port: SessionPort; upstream: McpUpstream; calls: Array<[number, number, number]> }>();
  /** Processes this gateway knows of, and how to stop watching each for its exit. */
  private readonly watched = new Map<McpUpstream, () => void>();
  private readonly flusher: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly agent: NodeAgent,
    private readonly orphans: OrphanSweep,
    private readonly log: Logger,
  ) {
    ws.on("message", (data) => this.receive(data.toString()));
    ws.on("close", () => this.closed());
    ws.on("error", () => ws.terminate());
    this.flusher = setInterval(() => this.flushUsage(), USAGE_EVERY_MS);
    this.flusher.unref();
  }

  private send(frame: AgentFrame): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private receive(text: string): void {
    let frame: GatewayFrame;
    try {
      frame = JSON.parse(text);
    } catch {
      this.log.warn("a gateway sent a link frame that is not JSON");
      return;
    }
    switch (frame.op) {
      case "send": {
        const error = this.ports.get(frame.port)?.port.send(frame.m);
        if (error) this.send({ op: "msg", port: frame.port, m: error as Message });
        return;
      }
      case "lease":
        return void this.lease(frame.rid, frame.deployment);
      case "find": {
        const upstream = this.agent.leasedProcess(frame.process);
        if (upstream) this.watch(upstream);
        return this.send({ op: "found", rid: frame.rid, init: upstream?.initializeResult ?? null });
      }
      case "attach":
        return this.attach(frame.port, frame.process);
      case "caps":
        return this.ports.get(frame.port)?.port.declareCapabilities(frame.c);
      case "cancel":
        return this.ports.get(frame.port)?.port.cancel(frame.id, frame.reason);
      case "detach":
        return this.detach(frame.port);
      case "release":
        return void this.agent.releaseProcess(frame.deploymentId, frame.process, frame.reason).catch((error: unknown) => this.log.warn({ err: error }, "could not release a process"));
    }
  }

  private async lease(rid: number, deployment: Parameters<NodeAgent["lease"]>[0]): Promise<void> {
    try {
      const upstream = await this.agent.lease(deployment);
      this.watch(upstream);
      this.send({ op: "leased", rid, process: upstream.process.id, init: upstream.initializeResult });
    } catch (error) {
      this.send({ op: "failed", rid, message: (error as Error).message });
    }
  }

  private attach(portId: number, processId: string): void {
    const upstream = this.agent.leasedProcess(processId);
    if (!upstream) return this.send({ op: "exit", process: processId, reason: "is no longer running on this node" });
    const port = upstream.attach();
    const entry = { port, upstream, calls: [] as Array<[number, number, number]> };
    port.onMessage = (m) => this.send({ op: "msg", port: portId, m });
    port.onCall = (ms, failed, bytes) => entry.calls.push([Math.round(ms * 1000) / 1000, failed ? 1 : 0, bytes]);
    this.ports.set(portId, entry);
    this.orphans.used(upstream);
  }

  private detach(portId: number): void {
    const entry = this.ports.get(portId);
    if (!entry) return;
    this.ports.delete(portId);
    entry.port.detach();
    this.orphans.maybeOrphaned(entry.upstream);
  }

  /** Tells the gateway once when a process it knows of ends. */
  private watch(upstream: McpUpstream): void {
    if (this.watched.has(upstream)) return;
    const stop = upstream.onExit((exit) => {
      this.watched.delete(upstream);
      this.send({ op: "exit", process: upstream.process.id, reason: exit.reason });
    });
    this.watched.set(upstream, stop);
  }

  private flushUsage(): void {
    for (const [port, entry] of this.ports) {
      if (entry.calls.length === 0) continue;
      this.send({ op: "calls", port, c: entry.calls.splice(0) });
    }
  }

  private closed(): void {
    clearInterval(this.flusher);
    for (const portId of [...this.ports.keys()]) this.detach(portId);
    for (const stop of this.watched.values()) stop();
    this.watched.clear();
  }
}

/** Leased processes that lost their last session port, and since when. */
class OrphanSweep {
  private readonly since = new Map<McpUpstream, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly agent: NodeAgent,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => this.sweep(), 30_000);
    this.timer.unref();
  }

  used(upstream: McpUpstream): void {
    this.since.delete(upstream);
  }

  maybeOrphaned(upstream: McpUpstream): void {
    if (upstream.mux.ports.size === 0 && upstream.state === "leased") this.since.set(upstream, Date.now());
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const cutoff = Date.now() - ORPHAN_AFTER_MS;
    for (const [upstream, since] of this.since) {
      if (upstream.state !== "leased" || upstream.mux.ports.size > 0) this.since.delete(upstream);
      else if (since < cutoff) {
        this.since.delete(upstream);
        const deploymentId = this.agent.deploymentOf(upstream);
        if (deploymentId) void this.agent.releaseProcess(deploymentId, upstream.process.id, "no gateway used it for 10 minutes").catch((error: unknown) => this.log.warn({ err: error }, "could not release an orphaned process"));
      }
    }
  }
}
