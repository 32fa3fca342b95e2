import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { Logger } from "pino";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DeploymentRequest } from "../agent/node-agent.ts";
import type { StoredKey } from "../protocol/api-key.ts";
import { refuse, refuseUpgrade, sendJson } from "../protocol/http-replies.ts";
import type { HttpReply, HttpRequestHead } from "../protocol/http-exchange.ts";
import { FrontServer } from "./fast-http/front-server.ts";
import { KeyAuthenticator } from "./key-auth.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { type QuotaMeter, quotaExceededMessage } from "./quota.ts";
import type { UsageRecorder } from "./usage.ts";
import { SseSession } from "./sse-session.ts";
import type { SessionOwner } from "./upstream-session.ts";
import { WsSession } from "./ws-session.ts";
import { BodyTooLargeError, ClientGoneError, readBody } from "../protocol/read-body.ts";
import { EventLog } from "./streamable/event-log.ts";
import { SessionTable } from "./streamable/session-table.ts";
import { SessionDirectory } from "./routing/session-directory.ts";
import type { Fleet } from "./routing/fleet.ts";
import type { Lease } from "../protocol/upstream-handle.ts";
import { ERROR_CODES } from "../protocol/jsonrpc.ts";
import { ModernEndpoint } from "./modern/modern-endpoint.ts";
import type { CompositionSpec } from "./compose/composition-spec.ts";
import { ComposingFleet, compositeUnavailable, isComposite } from "./compose/composing-fleet.ts";
import { isModernRequest } from "./modern/modern-request.ts";
import { A2A_PATH, type A2aBackend, A2aEndpoint } from "../a2a/a2a-endpoint.ts";
import type { HostedAgentBackend } from "../a2a/hosted-agent-card.ts";
import { HOSTED_AGENT_PATH, HostedAgentEndpoint } from "../a2a/hosted-agent-endpoint.ts";
import type { Engine } from "../../server/engine/engine.ts";

/** Why a request is turned away: the HTTP status, a stable reason code and a message for people. */
export interface Refusal {
  ok: false;
  status: number;
  reason: string;
  message: string;
  headers?: Record<string, string>;
}

/** A deployment that runs a component: what a node needs to run it, and its warm pool. */
export interface ServedDeployment extends DeploymentRequest {
  pool: { min: number; max: number };
  /** Stopped by its owner: no new sessions until it is started again. */
  stopped: boolean;
  composition?: undefined;
}

/**
 * A composite: several of the tenant's served deployments offered as one server at this
 * deployment's endpoints (runner/gateway/compose). It has no processes or pool of its own.
 */
export interface CompositeDeployment {
  id: string;
  name: string;
  stopped: boolean;
  composition: CompositionSpec;
  /** Each member's deployment, by member index, resolved for the same tenant; null when there is no such served deployment. */
  members: Array<ServedDeployment | null>;
}

export type ResolvedDeployment = ServedDeployment | CompositeDeployment;

export interface GatewayOptions {
  log: Logger;
  /** Shared state: each session's resumable event log. */
  engine: Engine;
  findKey(prefix: string): Promise<StoredKey | null>;
  markKeyUsed(keyId: string, at: Date): Promise<void>;
  /** The tenant's deployment by name, or null; a key never sees another tenant's deployments. */
  resolveDeployment(tenantId: string, name: string): Promise<ResolvedDeployment | null>;
  /** Where sessions get their server processes (composites lease one per member from it). */
  fleet: Fleet;
  /** Task store and adaptation rules for /a2a/<deployment> (runner/a2a); without it A2A is not served. */
  a2a?: A2aBackend;
  /** The tenants' stored agents, for /a2a/agents/<agent id>; without it they are not served. */
  agents?: HostedAgentBackend;
  health?(): Promise<Record<string, unknown>>;
  /** Per-key calls per minute, counted across all gateways; without it nothing is limited. */
  rateLimiter?: RateLimiter;
  /** Per-key calls per UTC day, counted across all gateways; without it no quota is enforced. */
  quotaMeter?: QuotaMeter;
  /** Per-key calls, errors, bytes and latency, for the console. */
  usage?: UsageRecorder;
  /**
   * Browser origins allowed to call (requests without Origin, i.e. not from a browser, always
   * are): a web page elsewhere cannot use a key that a browser holds, nor reach a local gateway
   * by DNS rebinding.
   */
  allowedOrigins?: string[];
  maxSessions?: number;
  maxConnections?: number;
  idleSessionMs?: number;
  maxBodyBytes?: number;
}

const MCP_PATH = /^\/mcp\/([A-Za-z0-9][A-Za-z0-9_-]{0,62})\/?$/;
const WS_PATH = /^\/ws\/([A-Za-z0-9][A-Za-z0-9_-]{0,62})\/?$/;
const SSE_PATH = /^\/sse\/([A-Za-z0-9][A-Za-z0-9_-]{0,62})(\/message)?\/?$/;

/**
 * The front door: authenticates tenant keys and routes MCP traffic to stdio servers.
 * This first version serves streamable HTTP with one process per session.
 */
export class Gateway {
  readonly metrics = new Registry();
  /** Where clients connect: the MCP POSTs are served on its fast path, the rest by `http`. */
  readonly server: FrontServer;
  private readonly http: http.Server;
  private readonly auth: KeyAuthenticator;
  private readonly sessions: SessionTable;
  private readonly sockets = new Set<WsSession>();
  private readonly streams = new Map<string, SseSession>();
  private readonly wss: WebSocketServer;
  /** prefix → when; catches a session whose initialize raced the revocation of its key. */
  private readonly recentlyRevoked = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  /** MCP 2026-07-28: stateless requests on the same endpoint, without a session. */
  private readonly modern: ModernEndpoint;
  /** A2A v1.0 (and v0.3) at /a2a/<deployment>: each deployment as an agent (runner/a2a). */
  private readonly a2a: A2aEndpoint;
  /** The tenants' stored agents as A2A agents at /a2a/agents/<agent id> (runner/a2a). */
  private readonly agents: HostedAgentEndpoint | undefined;
  /** The fleet of the options, composites included: a composite's lease is one per member. */
  private readonly fleet: ComposingFleet;
  private readonly requests: Counter<"route" | "status">;
  private readonly requestCounters = new Map<string, Counter.Internal>();
  private readonly latency: Histogram<"route">;
  // Labelled children looked up once: prom-client hashes labels on every call otherwise.
  private readonly mcpLatency: Histogram.Internal<"route">;
  private readonly otherLatency: Histogram.Internal<"route">;
  private readonly refusals: Counter<"reason">;

  constructor(private readonly options: GatewayOptions) {
    this.fleet = new ComposingFleet(options.fleet);
    this.auth = new KeyAuthenticator({
      findKey: options.findKey,
      markKeyUsed: options.markKeyUsed,
      onError: (error) => options.log.warn({ err: error }, "could not record key use"),
    });
    const events = new EventLog(options.engine, this.idleSessionMs, (error) => options.log.warn({ err: error }, "could not log a session event"));
    const directory = new SessionDirectory(options.engine, this.idleSessionMs);
    this.sessions = new SessionTable({ fleet: this.fleet, directory, events, usage: options.usage, log: options.log, idleMs: this.idleSessionMs });
    this.modern = new ModernEndpoint({
      lease: (deployment) => this.lease(deployment),
      release: (deployment, lease, reason) => this.fleet.release(deployment.id, lease, reason),
      log: options.log,
      usage: options.usage,
    });
    this.a2a = new A2aEndpoint({
      admit: (req, name) => this.admit(req, name),
      deploymentFor: (key, name) => this.deploymentFor(key, name),
      lease: (deployment) => this.lease(deployment),
      release: (deployment, lease, reason) => this.fleet.release(deployment.id, lease, reason),
      backend: options.a2a,
      log: options.log,
      usage: options.usage,
      maxBodyBytes: options.maxBodyBytes,
    });
    this.agents = options.agents && new HostedAgentEndpoint({ admit: (req, scope) => this.admit(req, scope), backend: options.agents, log: options.log, maxBodyBytes: options.maxBodyBytes });
    collectDefaultMetrics({ register: this.metrics, prefix: "switchyard_gateway_" });
    this.requests = new Counter({ name: "switchyard_gateway_requests_total", help: "HTTP requests by route and status", labelNames: ["route", "status"], registers: [this.metrics] });
    this.latency = new Histogram({ name: "switchyard_gateway_request_seconds", help: "time to answer a request (until headers, for streams)", labelNames: ["route"], registers: [this.metrics], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
    this.mcpLatency = this.latency.labels({ route: "mcp" });
    this.otherLatency = this.latency.labels({ route: "other" });
    this.refusals = new Counter({ name: "switchyard_gateway_refusals_total", help: "requests refused before reaching a server", labelNames: ["reason"], registers: [this.metrics] });
    const open = () => this.openSessions;
    new Gauge({ name: "switchyard_gateway_sessions", help: "open MCP sessions (HTTP and WebSocket)", registers: [this.metrics], collect() { this.set(open()); } });
    // Slow clients cannot hold connections open for free: headers must arrive within 10 s and a
    // whole request body within 30 s (responses, such as SSE streams, are not limited).
    this.http = http.createServer(
      { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1000 },
      (req, res) => void this.route(req, res),
    );
    const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
    this.server = new FrontServer({
      fallback: this.http,
      // Bigger bodies are rare and go to node:http, which reads them in chunks and refuses past the limit.
      limits: { maxHeadBytes: 16 * 1024, maxBodyBytes: Math.min(maxBodyBytes, 1024 * 1024), path: MCP_PATH },
      serve: (req, res) => void this.fast(req, res),
    });
    // Every connection costs a socket and a parser (~10 KB idle); past this many, new ones are refused.
    this.server.maxConnections = options.maxConnections ?? 20_000;
    this.wss = new WebSocketServer({
      noServer: true,
      // Without context takeover: keeping a zlib window per socket cost 6x the throughput here
      // (2.7k vs 17.9k echo calls/s in a CPU profile, zlib's processChunk on every message) and
      // ~64 KB of memory per idle socket; small messages stay uncompressed below the threshold.
      perMessageDeflate: { threshold: 1024, serverNoContextTakeover: true, clientNoContextTakeover: true },
      maxPayload: options.maxBodyBytes ?? 4 * 1024 * 1024,
      handleProtocols: (protocols) => (protocols.has("mcp") ? "mcp" : false),
    });
    this.http.on("upgrade", (req, socket, head) => void this.upgrade(req, socket, head));
    this.sweeper = setInterval(() => void this.closeIdleSessions(), 30_000);
    this.sweeper.unref();
  }

  /** Writes the usage figures gathered so far to the engine now (they go every few seconds anyway). */
  flushUsage(): Promise<void> {
    return this.options.usage?.flush() ?? Promise.resolve();
  }

  /** Called when the engine announces a revoked key: drop it and end its sessions. */
  keyRevoked(prefix: string): void {
    this.auth.forget(prefix);
    this.recentlyRevoked.set(prefix, Date.now());
    for (const session of [...this.sessions.sessions(), ...this.sockets, ...this.streams.values()]) {
      if (session.owner.keyPrefix === prefix) void session.close("the API key was revoked");
    }
    this.modern.keyRevoked(prefix);
    this.a2a.keyRevoked(prefix);
  }

  /** Called when the engine announces a streamable-HTTP session ended on some gateway. */
  sessionEnded(id: string): Promise<void> {
    return this.sessions.endedElsewhere(id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    // Streamable-HTTP sessions outlive this gateway: their processes stay, for another gateway or
    // this one restarted to take over. WebSocket and SSE sessions end with their connections.
    await this.sessions.suspendAll("the gateway is shutting down");
    await Promise.all([...this.sockets, ...this.streams.values()].map((s) => s.close("the gateway is shutting down")));
    await this.modern.close();
    await this.a2a.close();
    this.wss.close();
    await this.options.usage?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const path = (req.url ?? "/").split("?")[0]!;
    const match = MCP_PATH.exec(path);
    const sse = match ? null : SSE_PATH.exec(path);
    const a2a = match || sse ? null : A2A_PATH.exec(path);
    const hosted = match || sse || a2a ? null : HOSTED_AGENT_PATH.exec(path);
    const route = match ? "mcp" : sse ? "sse" : a2a || hosted ? "a2a" : path;
    res.once("finish", () => this.countRequest(match || sse || a2a || hosted || path === "/healthz" || path === "/metrics" ? route : "other", res.statusCode));
    try {
      if (path === "/healthz") return await this.healthz(res);
      if (path === "/metrics") return sendJson(res, 200, await this.metrics.metrics(), this.metrics.contentType);
      if (sse) return await this.legacySse(req, res, sse[1]!, sse[2] !== undefined);
      if (a2a) return await this.a2a.handle(req, res, a2a[1]!, a2a[2] !== undefined);
      if (hosted) {
        if (!this.agents) return refuse(res, 501, "a2a_unavailable", "this gateway does not serve agents over A2A", { code: -32000 });
        return await this.agents.handle(req, res, hosted[1]!, hosted[2] !== undefined);
      }
      if (!match) return refuse(res, 404, "not_found", `nothing at ${path}: MCP endpoints are /mcp/<deployment>, /sse/<deployment> and /ws/<deployment>`);
      await this.mcp(req, res, match[1]!);
    } catch (error) {
      this.options.log.error({ err: error, path }, "gateway request failed");
      refuse(res, 500, "internal", "the gateway failed to handle this request; see its log");
    } finally {
      (match ? this.mcpLatency : this.otherLatency).observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** The fast path's requests: every one a POST to /mcp/<deployment> (see FrontServer). */
  private async fast(req: HttpRequestHead, res: HttpReply): Promise<void> {
    const started = process.hrtime.bigint();
    res.once("finish", () => this.countRequest("mcp", res.statusCode));
    try {
      await this.mcp(req, res, MCP_PATH.exec(req.url!.split("?")[0]!)![1]!);
    } catch (error) {
      this.options.log.error({ err: error, path: req.url }, "gateway request failed");
      refuse(res, 500, "internal", "the gateway failed to handle this request; see its log");
    } finally {
      this.mcpLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private countRequest(route: string, status: number): void {
    const key = `${route} ${status}`;
    let counter = this.requestCounters.get(key);
    if (!counter) {
      counter = this.requests.labels({ route, status });
      // A handful of routes times a few dozen statuses; the bound only guards against surprises.
      if (this.requestCounters.size < 200) this.requestCounters.set(key, counter);
    }
    counter.inc();
  }

  private async healthz(res: ServerResponse): Promise<void> {
    const extra = (await this.options.health?.()) ?? {};
    sendJson(res, 200, { status: "ok", sessions: this.openSessions, ...extra });
  }

  /** The key of a request, once it is authenticated, allowed this deployment and within its rate and quota. */
  private async admit(req: HttpRequestHead, name: string): Promise<{ ok: true; key: StoredKey } | Refusal> {
    const origin = req.headers.origin;
    if (origin !== undefined && !(this.options.allowedOrigins ?? []).includes(origin)) {
      this.refusals.inc({ reason: "origin" });
      return { ok: false, status: 403, reason: "origin", message: `requests from the web origin ${origin} are not allowed here` };
    }
    const auth = await this.auth.authenticate(req.headers.authorization, name);
    if (!auth.ok) {
      this.refusals.inc({ reason: auth.reason });
      return { ...auth, headers: auth.status === 401 ? { "www-authenticate": `Bearer error="invalid_token"` } : {} };
    }
    if (this.options.rateLimiter) {
      const rate = await this.options.rateLimiter.take(auth.key.id, auth.key.rateLimitPerMinute);
      if (!rate.ok) {
        this.refusals.inc({ reason: "rate_limited" });
        const message = `the API key sy_${auth.key.prefix}_… is limited to ${rate.limit} calls a minute; retry in ${rate.retryAfterSeconds} s`;
        return { ok: false, status: 429, reason: "rate_limited", message, headers: { "retry-after": String(rate.retryAfterSeconds) } };
      }
    }
    if (this.options.quotaMeter && auth.key.dailyQuota !== null) {
      const quota = await this.options.quotaMeter.take(auth.key.id, auth.key.dailyQuota);
      if (!quota.ok) {
        this.refusals.inc({ reason: "quota_exceeded" });
        const message = quotaExceededMessage(auth.key.prefix, quota);
        return { ok: false, status: 429, reason: "quota_exceeded", message, headers: { "retry-after": String(quota.retryAfterSeconds) } };
      }
    }
    return { ok: true, key: auth.key };
  }

  /** The tenant's deployment, or why a new session cannot start on it. */
  private async deploymentFor(key: StoredKey, name: string): Promise<{ ok: true; deployment: ResolvedDeployment } | Refusal> {
    const deployment = await this.options.resolveDeployment(key.tenantId, name);
    if (!deployment) {
      this.refusals.inc({ reason: "no_deployment" });
      return { ok: false, status: 404, reason: "no_deployment", message: `your tenant has no deployment named "${name}"` };
    }
    if (deployment.stopped) {
      return { ok: false, status: 503, reason: "stopped", message: `deployment "${name}" is stopped; start it from the fleet console`, headers: { "retry-after": "30" } };
    }
    const unavailable = isComposite(deployment) ? compositeUnavailable(deployment) : undefined;
    if (unavailable) {
      this.refusals.inc({ reason: unavailable.reason });
      return { ok: false, ...unavailable, ...(unavailable.status === 503 ? { headers: { "retry-after": "30" } } : {}) };
    }
    if (this.openSessions >= (this.options.maxSessions ?? 500)) {
      this.refusals.inc({ reason: "overloaded" });
      return { ok: false, status: 503, reason: "overloaded", message: "the gateway has its maximum of open sessions; retry shortly", headers: { "retry-after": "5" } };
    }
    return { ok: true, deployment };
  }

  /** A warm process for a new session, or why there is none (pool full, quarantined, no capacity). */
  private async lease(deployment: ResolvedDeployment): Promise<{ ok: true; lease: Lease } | Refusal> {
    try {
      return { ok: true, lease: await this.fleet.lease(deployment) };
    } catch (error) {
      this.refusals.inc({ reason: "no_capacity" });
      return { ok: false, status: 503, reason: "no_capacity", message: (error as Error).message, headers: { "retry-after": "5" } };
    }
  }

  private get idleSessionMs(): number {
    return this.options.idleSessionMs ?? 10 * 60_000;
  }

  private get openSessions(): number {
    return this.sessions.size + this.sockets.size + this.streams.size;
  }

  private async mcp(req: HttpRequestHead, res: HttpReply, name: string): Promise<void> {
    const admitted = await this.admit(req, name);
    if (!admitted.ok) return refuse(res, admitted.status, admitted.reason, admitted.message, { headers: admitted.headers });
    const key = admitted.key;
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      // The hot path: an open session already knows its deployment, so nothing is looked up.
      const found = await this.sessions.find(sessionId, key, name);
      if (!found.ok) return refuse(res, 404, found.reason, found.message);
      const body = req.method === "POST" ? await this.readJson(req, res) : undefined;
      if (body === BAD_BODY) return;
      return found.session.handle(req, res, body);
    }
    const found = await this.deploymentFor(key, name);
    if (!found.ok) return refuse(res, found.status, found.reason, found.message, { headers: found.headers });
    if (req.method !== "POST") {
      if (isModernRequest(req, undefined)) return this.modern.handle(req, res, undefined, key, found.deployment);
      return refuse(res, 400, "no_session", "send an initialize request by POST first; other requests need the Mcp-Session-Id header it returns");
    }
    const body = await this.readJson(req, res);
    if (body === BAD_BODY) return;
    if (isModernRequest(req, body)) return this.modern.handle(req, res, body, key, found.deployment);
    const first = Array.isArray(body) ? body[0] : body;
    if ((first as { method?: unknown } | undefined)?.method !== "initialize") {
      return refuse(res, 400, "no_session", "a request without Mcp-Session-Id must be initialize", { code: ERROR_CODES.invalidRequest });
    }
    await this.openSession(req, res, body, key, found.deployment);
  }

  private async openSession(req: HttpRequestHead, res: HttpReply, body: unknown, key: StoredKey, deployment: ResolvedDeployment): Promise<void> {
    const leased = await this.lease(deployment);
    if (!leased.ok) return refuse(res, leased.status, leased.reason, leased.message, { headers: leased.headers });
    const session = await this.sessions.open(req, res, body, ownerOf(key, deployment), leased.lease);
    if (session && this.recentlyRevoked.has(key.prefix)) await session.close("the API key was revoked");
  }

  /** Legacy HTTP+SSE: GET /sse/<deployment> opens a stream, POST …/message?sessionId= sends. */
  private async legacySse(req: IncomingMessage, res: ServerResponse, name: string, isMessage: boolean): Promise<void> {
    const admitted = await this.admit(req, name);
    if (!admitted.ok) return refuse(res, admitted.status, admitted.reason, admitted.message, { headers: admitted.headers });
    const key = admitted.key;
    if (isMessage) {
      if (req.method !== "POST") return refuse(res, 405, "method", "POST messages to this endpoint");
      const sessionId = new URL(req.url ?? "/", "http://gateway").searchParams.get("sessionId") ?? "";
      const session = this.streams.get(sessionId);
      if (!session || session.owner.keyId !== key.id || session.owner.deploymentName !== name) {
        return refuse(res, 404, "no_session", "no such SSE session (it ended, or it belongs to another key): open GET /sse/<deployment> again");
      }
      const body = await this.readJson(req, res);
      if (body === BAD_BODY) return;
      return session.handlePost(req, res, body);
    }
    if (req.method !== "GET") return refuse(res, 405, "method", "open the event stream with GET");
    const found = await this.deploymentFor(key, name);
    if (!found.ok) return refuse(res, found.status, found.reason, found.message, { headers: found.headers });
    const { deployment } = found;
    const leased = await this.lease(deployment);
    if (!leased.ok) return refuse(res, leased.status, leased.reason, leased.message, { headers: leased.headers });
    const { lease } = leased;
    const session = new SseSession(ownerOf(key, deployment), lease.handle, res, {
      onClosed: (s) => this.streams.delete(s.id),
      release: (reason) => this.fleet.release(deployment.id, lease, reason),
      usage: this.options.usage,
    });
    this.streams.set(session.id, session);
    await session.start();
  }

  /** WebSocket at /ws/<deployment>: the same admission as HTTP, then one session per socket. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const match = WS_PATH.exec((req.url ?? "/").split("?")[0]!);
    if (!match) return refuseUpgrade(socket, 404, "not_found", "WebSocket endpoints are /ws/<deployment>");
    const offered = String(req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    if (!offered.includes("mcp")) return refuseUpgrade(socket, 400, "subprotocol", "ask for the WebSocket subprotocol mcp (Sec-WebSocket-Protocol: mcp)");
    const name = match[1]!;
    try {
      const admitted = await this.admit(req, name);
      if (!admitted.ok) return refuseUpgrade(socket, admitted.status, admitted.reason, admitted.message, admitted.headers);
      const found = await this.deploymentFor(admitted.key, name);
      if (!found.ok) return refuseUpgrade(socket, found.status, found.reason, found.message, found.headers);
      const { key } = admitted;
      const { deployment } = found;
      const leased = await this.lease(deployment);
      if (!leased.ok) return refuseUpgrade(socket, leased.status, leased.reason, leased.message, leased.headers);
      const { lease } = leased;
      if (socket.destroyed) return void this.fleet.release(deployment.id, lease, "the client left before the upgrade");
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new WsSession(ownerOf(key, deployment), lease.handle, ws, {
          onClosed: (s) => this.sockets.delete(s),
          release: (reason) => this.fleet.release(deployment.id, lease, reason),
          rateLimiter: this.options.rateLimiter,
          rateLimitPerMinute: key.rateLimitPerMinute,
          quotaMeter: this.options.quotaMeter,
          dailyQuota: key.dailyQuota,
          usage: this.options.usage,
        });
        this.sockets.add(session);
        if (this.recentlyRevoked.has(key.prefix)) void session.close("the API key was revoked", 1008);
      });
    } catch (error) {
      this.options.log.error({ err: error }, "WebSocket upgrade failed");
      refuseUpgrade(socket, 500, "internal", "the gateway failed to handle this request; see its log");
    }
  }

  private async readJson(req: HttpRequestHead, res: HttpReply): Promise<unknown> {
    let text: string;
    try {
      // Without a body read ahead (the fast path's), the request is node:http's, body unread.
      text = req.body ? req.body.toString("utf8") : await readBody(req as IncomingMessage, this.options.maxBodyBytes ?? 4 * 1024 * 1024);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        refuse(res, 413, "too_large", error.message);
        return BAD_BODY;
      }
      if (error instanceof ClientGoneError) return BAD_BODY;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      refuse(res, 400, "parse_error", "the request body is not valid JSON", { code: ERROR_CODES.parseError });
      return BAD_BODY;
    }
  }

  private async closeIdleSessions(): Promise<void> {
    for (const [prefix, at] of this.recentlyRevoked) if (at < Date.now() - 60_000) this.recentlyRevoked.delete(prefix);
    await this.sessions.sweep().catch((error: unknown) => this.options.log.warn({ err: error }, "could not sweep idle sessions"));
  }
}

const BAD_BODY = Symbol("bad body");

function ownerOf(key: StoredKey, deployment: ResolvedDeployment): SessionOwner {
  return { tenantId: key.tenantId, keyId: key.id, keyPrefix: key.prefix, deploymentId: deployment.id, deploymentName: deployment.name };
}
