import type { HttpReply, HttpRequestHead } from "../../protocol/http-exchange.ts";
import type { Logger } from "pino";
import { z } from "zod";
import type { StoredKey } from "../../protocol/api-key.ts";
import { ERROR_CODES } from "../../protocol/jsonrpc.ts";
import { INPUT_REQUIRED_METHODS } from "../../protocol/modern-mcp.ts";
import type { Lease } from "../../protocol/upstream-handle.ts";
import type { Refusal, ResolvedDeployment } from "../gateway.ts";
import type { UsageRecorder } from "../usage.ts";
import { discoverResult } from "./discover.ts";
import { ForwardedCall, type ForwardedCallHooks } from "./forwarded-call.ts";
import { ParkedCalls } from "./input-required.ts";
import { ListenStreams } from "./listen.ts";
import { type ModernRefusal, type ModernRequest, readModernRequest } from "./modern-request.ts";
import { ModernReply, sendRefusal } from "./modern-reply.ts";
import { RequestStateSealer, salientDigest } from "./request-state.ts";
import { type StatelessUpstream, StatelessUpstreams } from "./stateless-upstreams.ts";

export interface ModernEndpointOptions {
  /** A process from the deployment's pool, as the gateway leases one for a session. */
  lease(deployment: ResolvedDeployment): Promise<{ ok: true; lease: Lease } | Refusal>;
  release(deployment: ResolvedDeployment, lease: Lease, reason: string): Promise<void>;
  log: Logger;
  usage?: UsageRecorder;
}

/** Answers to input requests are result objects (elicitation, sampling, roots), keyed as asked. */
const inputResponsesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** How often idle processes and expired parked calls are looked for (one timer for both). */
const SWEEP_EVERY_MS = 5_000;

/**
 * MCP 2026-07-28 ("modern", stateless) on the gateway's /mcp/<deployment> endpoint: requests
 * without a session that carry their revision and capabilities in `_meta`. The gateway has
 * admitted the key and found the deployment; this validates, answers server/discover itself,
 * keeps subscriptions/listen streams, and forwards the rest to the key's stateless process.
 */
export class ModernEndpoint {
  private readonly upstreams: StatelessUpstreams;
  private readonly parks = new ParkedCalls(new RequestStateSealer());
  private readonly listens = new ListenStreams();
  /** Calls from their first POST to their final answer, parked ones included. */
  private readonly calls = new Set<ForwardedCall>();
  private readonly sweeper: NodeJS.Timeout;
  /** One set for every call: arrows made per call would each be wrapped in tsx's __name() (see session-mux.ts's noHandler). */
  private readonly callHooks: ForwardedCallHooks = {
    park: (call) => this.parks.park(call),
    ended: (call) => {
      this.calls.delete(call);
      this.parks.forget(call);
      this.upstreams.done(call.upstream);
    },
    onCall: (call, ms, failed, bytes) => this.options.usage?.record(call.keyId, ms, failed, bytes),
  };

  constructor(private readonly options: ModernEndpointOptions) {
    this.upstreams = new StatelessUpstreams({ lease: options.lease, release: options.release, log: options.log });
    this.sweeper = setInterval(() => {
      this.parks.sweep();
      this.upstreams.sweep();
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async handle(req: HttpRequestHead, res: HttpReply, body: unknown, key: StoredKey, deployment: ResolvedDeployment): Promise<void> {
    if (req.method !== "POST") {
      const message = "MCP 2026-07-28 has no GET stream and no DELETE: POST each request (subscriptions/listen streams change notifications)";
      return sendRefusal(res, { status: 405, id: null, code: ERROR_CODES.invalidRequest, message }, { allow: "POST" });
    }
    const read = readModernRequest(req, body);
    if (read.kind === "refused") return sendRefusal(res, read.refusal);
    // No client notification means anything to a 2026-07-28 server over HTTP.
    if (read.kind === "notification") return void res.writeHead(202, { "content-length": 0 }).end();
    const { request } = read;
    const accepts = request.method === "subscriptions/listen" ? request.acceptsSse : request.acceptsJson || request.acceptsSse;
    if (!accepts) {
      const wanted = request.method === "subscriptions/listen" ? "text/event-stream" : "application/json, text/event-stream";
      return sendRefusal(res, { status: 406, id: request.id, code: ERROR_CODES.invalidRequest, message: `accept ${wanted} (send Accept: application/json, text/event-stream)` });
    }
    if (request.requestState !== undefined && INPUT_REQUIRED_METHODS.has(request.method)) return this.resume(res, request, key, deployment);
    const reply = new ModernReply(res, request);
    const acquired = await this.upstreams.acquire({ keyId: key.id, keyPrefix: key.prefix }, deployment);
    if (!acquired.ok) return reply.refuse(refusalFor(request, acquired), acquired.headers);
    const { upstream } = acquired;
    if (reply.done) return this.upstreams.done(upstream);
    if (request.method === "server/discover") {
      reply.finish({ jsonrpc: "2.0", id: request.id, result: discoverResult(upstream.handle.initializeResult) });
      return this.upstreams.done(upstream);
    }
    if (request.method === "subscriptions/listen") return this.listens.listen(res, request, upstream, () => this.upstreams.done(upstream));
    this.forward(upstream, request, reply);
  }

  /** A revoked key: its listen streams and calls end, its processes go once unused. */
  keyRevoked(keyPrefix: string): void {
    this.listens.endKey(keyPrefix);
    for (const call of [...this.calls]) if (call.upstream.owner.keyPrefix === keyPrefix) call.end("the API key was revoked");
    this.upstreams.retireKey(keyPrefix);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.listens.close();
    for (const call of [...this.calls]) call.end("the gateway is shutting down");
    await this.upstreams.close();
  }

  private forward(upstream: StatelessUpstream, request: ModernRequest, reply: ModernReply): void {
    const call = new ForwardedCall(upstream, request, this.callHooks);
    this.calls.add(call);
    call.start(reply);
  }

  /** An input_required retry: the parked call its requestState names goes on with the client's answers. */
  private resume(res: HttpReply, request: ModernRequest, key: StoredKey, deployment: ResolvedDeployment): void {
    if (!inputResponsesSchema.safeParse(request.inputResponses ?? {}).success) {
      return sendRefusal(res, { status: 400, id: request.id, code: ERROR_CODES.invalidParams, message: "each entry of params.inputResponses must be the result object of its input request" });
    }
    const taken = this.parks.take(request.requestState!, { keyId: key.id, deploymentId: deployment.id, method: request.method, digest: salientDigest(request.method, request.params) });
    if (!taken.ok) return sendRefusal(res, { status: 400, id: request.id, code: ERROR_CODES.invalidParams, message: taken.message });
    taken.call.resume(request, new ModernReply(res, request));
  }
}

function refusalFor(request: ModernRequest, refusal: Refusal): ModernRefusal {
  return { status: refusal.status, id: request.id, code: ERROR_CODES.refused, message: refusal.message, data: { reason: refusal.reason } };
}
