import { randomBytes } from "node:crypto";
import { RawReply } from "../../agent/raw-reply.ts";
import type { Message, SessionPort } from "../../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcId, jsonRpcError } from "../../protocol/jsonrpc.ts";
import { INPUT_REQUIRED_METHODS, MODERN_ERROR_CODES, logLevelPasses } from "../../protocol/modern-mcp.ts";
import { EVERY_CLIENT_CAPABILITY, type InputRequest, answerInstead, inputRequestKey, inputRequestOf, missingCapabilities } from "./input-requests.ts";
import { type ModernRequest, upstreamMessage } from "./modern-request.ts";
import type { ModernReply } from "./modern-reply.ts";
import { modernAnswer, modernRawAnswer, withServerInfo } from "./modern-results.ts";
import { salientDigest } from "./request-state.ts";
import type { StatelessUpstream } from "./stateless-upstreams.ts";

export interface ForwardedCallHooks {
  /** Parks the call until the client retries; returns the requestState that finds it again. */
  park(call: ForwardedCall): string;
  /** The call is over: its port is detached and it no longer uses its process. */
  ended(call: ForwardedCall): void;
  /** Each answered call: latency, outcome, bytes (usage per key). */
  onCall(call: ForwardedCall, ms: number, failed: boolean, bytes: number): void;
}

/** A server-to-client request the client has not answered yet, by its key in `inputRequests`. */
interface Asked {
  upstreamId: JsonRpcId;
  request: InputRequest;
}

/**
 * One modern request on a port of its own, from its POST to its final answer. A 2025 server
 * asks its client things in the middle of a call (elicitation, sampling, roots); a 2026 client
 * cannot be asked, so the gateway answers its POST with input_required, keeps the server's call
 * waiting (parked, the port attached), and on the client's retry hands the answers to the server
 * and goes on — to the final answer, or to the next input_required.
 */
export class ForwardedCall {
  /** The input_required round; each requestState is good for its own round only. */
  round = 0;
  parkedUntil = 0;
  ended = false;
  readonly method: string;
  /** The original request's params, which its retries must repeat. */
  private readonly originalParams: ModernRequest["params"];
  #parkId: string | undefined;
  #digest: string | undefined;
  private readonly port: SessionPort;
  /** The original request, or the retry now waiting. */
  private current: ModernRequest;
  /** Where the answer goes; null while parked for the client's retry. */
  private reply: ModernReply | null = null;
  private readonly asked = new Map<string, Asked>();
  private askedSoFar = 0;
  private askScheduled = false;
  /** The server's answer, when it came while the call was parked. */
  private early: Message | undefined;

  constructor(
    readonly upstream: StatelessUpstream,
    request: ModernRequest,
    private readonly hooks: ForwardedCallHooks,
  ) {
    this.current = request;
    this.method = request.method;
    this.originalParams = request.params;
    this.port = upstream.handle.attach();
    // Replies may come as the server's text (RawReply): most are answered by adding to it (modernRawAnswer).
    this.port.rawReplies = true;
    this.port.onMessage = (message) => this.fromServer(message);
    this.port.onCall = (ms, failed, bytes) => hooks.onCall(this, ms, failed, bytes);
  }

  // The id and the digest are made when the call is first parked, not per call: most calls never
  // are, and together they were ~9% of a stateless call's CPU (a random id, a sorted JSON and a SHA-256).

  get parkId(): string {
    return (this.#parkId ??= randomBytes(12).toString("base64url"));
  }

  /** Binds retries to the original request: same method, same tool or URI, same arguments. */
  get digest(): string {
    return (this.#digest ??= salientDigest(this.method, this.originalParams));
  }

  get keyId(): string {
    return this.upstream.owner.keyId;
  }

  get deploymentId(): string {
    return this.upstream.deployment.id;
  }

  /** Sends the request to the server; its answer goes to `reply`. */
  start(reply: ModernReply): void {
    this.listenOn(reply);
    // Every server request reaches this call, which checks it against this request's capabilities.
    this.port.declareCapabilities(EVERY_CLIENT_CAPABILITY);
    const refused = this.port.send(upstreamMessage(this.current));
    if (refused) this.answer(refused as Message);
  }

  /** The client's retry: its answers go to the server's waiting requests, and the call goes on. */
  resume(retry: ModernRequest, reply: ModernReply): void {
    this.current = retry;
    this.listenOn(reply);
    for (const [key, asked] of this.asked) {
      const answer = retry.inputResponses?.[key];
      if (answer === undefined) continue;
      this.asked.delete(key);
      this.port.send({ jsonrpc: "2.0", id: asked.upstreamId, result: answer });
    }
    if (this.early) {
      const early = this.early;
      this.early = undefined;
      return this.answer(early);
    }
    // An answer is missing: the client is asked again rather than failed.
    if (this.asked.size > 0) this.askClient();
  }

  /** Gives the call up: the client left, its park expired, its key was revoked or the gateway closes. */
  end(reason: string): void {
    if (this.ended) return;
    this.reply?.finish(jsonRpcError(this.current.id, ERROR_CODES.internalError, reason) as Message);
    this.close(reason);
  }

  private listenOn(reply: ModernReply): void {
    this.reply = reply;
    reply.onHangUp = () => this.end("the client disconnected");
  }

  private fromServer(message: Message): void {
    if (this.ended) return;
    if (message.method === undefined) return this.answer(message);
    if (message.id !== undefined && message.id !== null) return this.serverAsks(message);
    if (message.method === "notifications/progress") return this.progress(message);
    if (message.method === "notifications/message") return this.log(message);
    if (message.method === "notifications/cancelled") return this.withdraw(message.params?.requestId as JsonRpcId);
    // List changes and resource updates reach modern clients on subscriptions/listen only.
  }

  private answer(message: Message): void {
    if (!this.reply) {
      this.early = message;
      return;
    }
    const raw = message instanceof RawReply ? modernRawAnswer(this.current.method, message, this.upstream.serverInfoJson) : undefined;
    if (raw) {
      raw.id = this.current.id;
      this.reply.finish(raw);
    } else {
      const plain = message instanceof RawReply ? message.toJSON() : message;
      const answer = modernAnswer(this.current.method, { ...plain, id: this.current.id }, this.serverInfo);
      this.reply.finish(answer.message, answer.status, answer.headers);
    }
    this.close("answered");
  }

  private serverAsks(message: Message): void {
    if (message.method === "ping") return void this.port.send(answerInstead(message, "ping"));
    const missing = missingCapabilities(message, this.current.capabilities);
    if (!INPUT_REQUIRED_METHODS.has(this.current.method)) {
      return void this.port.send(answerInstead(message, `${this.current.method} cannot be answered with input_required`));
    }
    if (missing !== undefined) {
      // Roots are only context: a client without them gets the call answered with no roots.
      if (message.method === "roots/list") return void this.port.send(answerInstead(message, "no roots declared"));
      return this.refuseForCapability(message, missing);
    }
    this.asked.set(inputRequestKey(message.method!, ++this.askedSoFar), { upstreamId: message.id!, request: inputRequestOf(message) });
    if (!this.reply || this.askScheduled) return;
    // Requests the server sends together arrive in one read, before this microtask: one round asks them all.
    this.askScheduled = true;
    queueMicrotask(() => {
      this.askScheduled = false;
      if (this.reply && !this.ended && this.asked.size > 0) this.askClient();
    });
  }

  /**
   * The server needs what this request's client did not declare: the client hears which
   * capability (-32021, HTTP 400), the server that nobody will answer, and the call ends.
   */
  private refuseForCapability(message: Message, requiredCapabilities: Record<string, unknown>): void {
    const names = Object.keys(requiredCapabilities).join(", ");
    this.port.send(answerInstead(message, `it did not declare ${names}`));
    const error = jsonRpcError(this.current.id, MODERN_ERROR_CODES.missingRequiredClientCapability, `the server needs the client capability ${names} for this request`, { requiredCapabilities });
    if (this.reply) this.reply.finish(error as Message, 400);
    this.close("the client lacks a capability the server needs");
  }

  private askClient(): void {
    const requestState = this.hooks.park(this);
    const inputRequests = Object.fromEntries([...this.asked].map(([key, asked]) => [key, asked.request]));
    const reply = this.reply!;
    this.reply = null;
    reply.finish({ jsonrpc: "2.0", id: this.current.id, result: withServerInfo({ resultType: "input_required", inputRequests, requestState }, this.serverInfo) });
  }

  private progress(message: Message): void {
    // Progress of a retry goes under the token the retry gave, if it gave one.
    const token = this.current.progressToken;
    if (this.reply && token !== undefined) this.reply.interim({ ...message, params: { ...message.params, progressToken: token } });
  }

  private log(message: Message): void {
    const threshold = this.current.logLevel;
    if (this.reply && threshold !== undefined && logLevelPasses(message.params?.level, threshold)) this.reply.interim(message);
  }

  /** The server gave up on one of its requests: the client is no longer asked it. */
  private withdraw(upstreamId: JsonRpcId): void {
    for (const [key, asked] of this.asked) if (asked.upstreamId === upstreamId) this.asked.delete(key);
  }

  private close(reason: string): void {
    this.ended = true;
    for (const asked of this.asked.values()) {
      this.port.send(jsonRpcError(asked.upstreamId, ERROR_CODES.internalError, `the client did not answer: ${reason}`) as Message);
    }
    this.asked.clear();
    this.port.detach();
    this.hooks.ended(this);
  }

  private get serverInfo(): unknown {
    return this.upstream.handle.initializeResult?.serverInfo;
  }
}
