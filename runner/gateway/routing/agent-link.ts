import WebSocket from "ws";
import type { Logger } from "pino";
import type { DeploymentRequest } from "../../agent/node-agent.ts";
import { type Message, type SessionPort, noHandler } from "../../agent/session-mux.ts";
import { type AgentFrame, type GatewayFrame, LINK_PATH } from "../../protocol/agent-link.ts";
import type { JsonRpcId } from "../../protocol/jsonrpc.ts";
import type { UpstreamHandle } from "../../protocol/upstream-handle.ts";

/** Leasing may deploy first (installing a package), so it is given time; finding a process is quick. */
const LEASE_TIMEOUT_MS = 120_000;
const FIND_TIMEOUT_MS = 5_000;

export class LinkError extends Error {}

/**
 * A gateway's one WebSocket to a node agent. Every session on that node's processes is a port
 * on it; when the link breaks, each of those processes counts as lost for this gateway.
 */
export class AgentLink {
  private readonly ports = new Map<number, RemotePort>();
  private readonly upstreams = new Map<string, RemoteUpstream>();
  private readonly waiting = new Map<number, { resolve: (frame: AgentFrame) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private nextPort = 1;
  private nextRid = 1;
  private closedWith: string | undefined;

  private constructor(
    readonly node: string,
    private readonly ws: WebSocket,
    private readonly log: Logger,
  ) {
    ws.on("message", (data) => this.receive(data.toString()));
    ws.on("close", () => this.lost(`the link to node agent ${node} closed`));
    ws.on("error", (error) => this.lost(`the link to node agent ${node} failed: ${error.message}`));
  }

  static connect(node: string, address: string, token: string, log: Logger): Promise<AgentLink> {
    const url = `${address.replace(/^http/, "ws")}${LINK_PATH}`;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new AgentLink(node, ws, log)));
      ws.once("error", (error) => reject(new LinkError(`cannot reach node agent ${node} at ${url}: ${error.message}`)));
      ws.once("unexpected-response", (_req, res) => reject(new LinkError(`node agent ${node} refused the link: HTTP ${res.statusCode}`)));
    });
  }

  get open(): boolean {
    return this.closedWith === undefined;
  }

  async lease(deployment: DeploymentRequest): Promise<RemoteUpstream> {
    const answer = await this.ask({ op: "lease", rid: 0, deployment }, LEASE_TIMEOUT_MS);
    if (answer.op !== "leased") throw new LinkError(answer.op === "failed" ? answer.message : `unexpected answer ${answer.op}`);
    return this.upstream(answer.process, answer.init);
  }

  /** The process if it still runs on this node, leased; null otherwise. */
  async find(process: string): Promise<RemoteUpstream | null> {
    const answer = await this.ask({ op: "find", rid: 0, process }, FIND_TIMEOUT_MS);
    return answer.op === "found" && answer.init !== null ? this.upstream(process, answer.init) : null;
  }

  release(deploymentId: string, process: string, reason: string): void {
    this.upstreams.delete(process);
    this.send({ op: "release", deploymentId, process, reason });
  }

  close(): void {
    this.ws.close();
    this.lost("the gateway closed the link");
  }

  /** @internal */
  send(frame: GatewayFrame): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** @internal */
  openPort(process: string, port: RemotePort): number {
    const id = this.nextPort++;
    this.ports.set(id, port);
    this.send({ op: "attach", port: id, process });
    return id;
  }

  /** @internal */
  closePort(id: number): void {
    if (this.ports.delete(id)) this.send({ op: "detach", port: id });
  }

  private upstream(process: string, init: Record<string, unknown> | undefined): RemoteUpstream {
    let upstream = this.upstreams.get(process);
    if (!upstream) {
      upstream = new RemoteUpstream(this, process, init);
      this.upstreams.set(process, upstream);
    }
    return upstream;
  }

  private ask(frame: Extract<GatewayFrame, { rid: number }>, timeoutMs: number): Promise<AgentFrame> {
    if (this.closedWith) return Promise.reject(new LinkError(this.closedWith));
    const rid = this.nextRid++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(rid);
        reject(new LinkError(`node agent ${this.node} did not answer ${frame.op} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(rid, { resolve, reject, timer });
      this.send({ ...frame, rid });
    });
  }

  private receive(text: string): void {
    let frame: AgentFrame;
    try {
      frame = JSON.parse(text);
    } catch {
      this.log.warn({ node: this.node }, "a node agent sent a link frame that is not JSON");
      return;
    }
    switch (frame.op) {
      case "msg":
        return this.ports.get(frame.port)?.onMessage(frame.m);
      case "calls": {
        const port = this.ports.get(frame.port);
        if (port) for (const [ms, failed, bytes] of frame.c) port.onCall(ms, failed === 1, bytes);
        return;
      }
      case "exit": {
        const upstream = this.upstreams.get(frame.process);
        this.upstreams.delete(frame.process);
        return upstream?.exited(frame.reason);
      }
      default: {
        const waiter = this.waiting.get(frame.rid);
        if (!waiter) return;
        this.waiting.delete(frame.rid);
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      }
    }
  }

  private lost(reason: string): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new LinkError(reason));
    }
    this.waiting.clear();
    const upstreams = [...this.upstreams.values()];
    this.upstreams.clear();
    this.ports.clear();
    for (const upstream of upstreams) upstream.exited(`was lost: ${reason}`);
  }
}

/** A process on a node agent, reached over the link. */
export class RemoteUpstream implements UpstreamHandle {
  private readonly exitListeners = new Set<(exit: { reason: string }) => void>();
  private ended = false;

  constructor(
    private readonly link: AgentLink,
    readonly process: string,
    readonly initializeResult: Record<string, unknown> | undefined,
  ) {}

  attach(): SessionPort {
    return new RemotePort(this.link, this.process);
  }

  /** Calls `listener` when the process ends; the returned function stops that. */
  onExit(listener: (exit: { reason: string }) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** @internal */
  exited(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.exitListeners) listener({ reason });
  }
}

/** One session's end of a remote process: every call goes over the link, tagged with the port. */
class RemotePort implements SessionPort {
  onMessage: (message: Message) => void = noHandler;
  onCall: (ms: number, failed: boolean, bytes: number) => void = noHandler;
  private readonly id: number;

  constructor(
    private readonly link: AgentLink,
    process: string,
  ) {
    this.id = link.openPort(process, this);
  }

  send(message: Message): undefined {
    this.link.send({ op: "send", port: this.id, m: message });
    return undefined;
  }

  declareCapabilities(capabilities: Record<string, unknown>): void {
    this.link.send({ op: "caps", port: this.id, c: capabilities });
  }

  cancel(clientId: JsonRpcId, reason: string): void {
    this.link.send({ op: "cancel", port: this.id, id: clientId, reason });
  }

  detach(): void {
    this.link.closePort(this.id);
  }
}
