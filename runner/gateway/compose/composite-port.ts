import type { Message, SessionPort } from "../../agent/session-mux.ts";
import { ERROR_CODES, type JsonRpcErrorBody, type JsonRpcId, jsonRpcError } from "../../protocol/jsonrpc.ts";
import type { ExposedTool } from "./catalog.ts";
import type { CompositeMember, CompositeUpstream, ListKind } from "./composite-upstream.ts";

/** An error the composite answers a client request with (bad params, unknown name, gone member). */
class RequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** How many names an "unknown tool" error lists before it says "and N more". */
const NAMES_SHOWN = 20;

/**
 * One session's end of a composite: it looks like one process to the session (SessionPort), and
 * behind it holds a port on each member's process. It answers initialize-time questions itself
 * (ping, the merged lists), sends each call to the member that serves the name — the original
 * name restored, the fixed arguments added — and passes the member's answer, progress and
 * requests back. Client ids go to the members unchanged (each member has its own port, whose
 * mux rewrites them), so answers, progress and cancellations need no table here; only server
 * requests get ids of the composite's, since two members may use the same.
 */
export class CompositePort implements SessionPort {
  onMessage: (message: Message) => void = () => {};
  onCall: (ms: number, failed: boolean, bytes: number) => void = () => {};
  private capabilities: Record<string, unknown> | undefined;
  private readonly forwardPorts: Array<SessionPort | undefined>;
  /** Client request id → index of the member it went to, until it is answered. */
  private readonly forwarded = new Map<JsonRpcId, number>();
  /**
   * Client requests the composite answers itself, while it works on them; each has a token of
   * its own, so a cancelled request's late answer never goes to a new request with the same id.
   */
  private readonly answering = new Map<JsonRpcId, object>();
  /** The composite's id of a member's request to the client → the member and its own id. */
  private readonly serverRequests = new Map<number, { member: number; id: JsonRpcId }>();
  private nextServerRequest = 1;
  private detached = false;

  constructor(private readonly upstream: CompositeUpstream) {
    // Every member's port is attached at once, so each member's notifications (list changes,
    // logging, resource updates) reach the client even before it calls one of its tools.
    this.forwardPorts = upstream.members.map((member) => (member.gone === undefined ? this.attachMember(member) : undefined));
  }

  send(message: Message): JsonRpcErrorBody | undefined {
    if (this.detached) return message.id === undefined || message.id === null ? undefined : jsonRpcError(message.id, ERROR_CODES.upstreamGone, "the session has ended");
    if (message.method === undefined) return this.answerFromClient(message);
    if (message.id === undefined || message.id === null) return this.notificationFromClient(message);
    const params = (message.params ?? {}) as Record<string, unknown>;
    switch (message.method) {
      case "ping":
        return this.answerLocally(message.id, async () => ({}));
      case "tools/list":
        return this.answerLocally(message.id, async () => {
          noCursor(params);
          await this.upstream.list(["tools"], true);
          return { tools: this.upstream.visibleTools() };
        });
      case "tools/call":
        return this.callTool(message, params);
      case "prompts/list":
        return this.answerLocally(message.id, async () => {
          noCursor(params);
          await this.upstream.list(["prompts"], true);
          return { prompts: this.upstream.prompts() };
        });
      case "prompts/get":
        return this.getPrompt(message, params);
      case "resources/list":
      case "resources/templates/list": {
        const kind = message.method === "resources/list" ? "resources" : "resourceTemplates";
        return this.answerLocally(message.id, async () => {
          noCursor(params);
          await this.upstream.list([kind], true);
          return { [kind]: this.upstream.resources(kind) };
        });
      }
      case "resources/read":
      case "resources/subscribe":
      case "resources/unsubscribe":
        return this.routeResource(message, params);
      case "completion/complete":
        return this.complete(message, params);
      case "logging/setLevel":
        return this.answerLocally(message.id, async () => {
          await this.upstream.setLogLevel(params.level);
          return {};
        });
      default:
        return jsonRpcError(message.id, ERROR_CODES.methodNotFound, `composite "${this.upstream.name}" does not route ${message.method}: it offers tools, prompts, resources, completions, logging and ping`);
    }
  }

  declareCapabilities(capabilities: Record<string, unknown>): void {
    this.capabilities = capabilities;
    for (const port of this.forwardPorts) port?.declareCapabilities(capabilities);
  }

  cancel(clientId: JsonRpcId, reason: string): void {
    const member = this.forwarded.get(clientId);
    if (member !== undefined) {
      this.forwarded.delete(clientId);
      this.forwardPorts[member]?.cancel(clientId, reason);
      return;
    }
    // A request the composite answers itself: its answer is dropped when it is ready.
    this.answering.delete(clientId);
  }

  detach(): void {
    if (this.detached) return;
    this.detached = true;
    for (const port of this.forwardPorts) port?.detach();
    this.forwarded.clear();
    this.answering.clear();
    this.serverRequests.clear();
    this.upstream.portDetached(this);
  }

  /** @internal A member's process ended: its calls in flight fail now, naming it. */
  memberGone(member: CompositeMember): void {
    for (const [id, index] of [...this.forwarded]) {
      if (index !== member.index) continue;
      this.forwarded.delete(id);
      this.onMessage(goneError(id, this.upstream.name, member, "this call") as Message);
    }
    for (const [id, entry] of this.serverRequests) if (entry.member === member.index) this.serverRequests.delete(id);
    this.forwardPorts[member.index]?.detach();
    this.forwardPorts[member.index] = undefined;
  }

  // ------------------------------------------------------------------ client → members

  private callTool(message: Message, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const id = message.id!;
    const name = params.name;
    if (typeof name !== "string") return jsonRpcError(id, ERROR_CODES.invalidParams, `tools/call needs params.name: the name of one of composite "${this.upstream.name}"'s tools`);
    return this.whenListed(id, ["tools"], () => this.upstream.toolRoute(name) !== undefined, () => {
      const route = this.upstream.toolRoute(name);
      return route ? this.forwardTool(message, params, route) : this.unknownTool(id, name);
    });
  }

  private forwardTool(message: Message, params: Record<string, unknown>, route: ExposedTool): JsonRpcErrorBody | undefined {
    const id = message.id!;
    const member = this.upstream.members[route.member]!;
    if (member.gone !== undefined) return goneError(id, this.upstream.name, member, `tool "${route.name}"`);
    const args = params.arguments ?? {};
    if (typeof args !== "object" || args === null || Array.isArray(args)) return jsonRpcError(id, ERROR_CODES.invalidParams, `params.arguments of tool "${route.name}" must be an object`);
    const fixed = route.fixedArguments;
    if (fixed) {
      for (const key of Object.keys(fixed)) {
        if (Object.hasOwn(args, key)) {
          return jsonRpcError(id, ERROR_CODES.invalidParams, `argument "${key}" of tool "${route.name}" is fixed by composite "${this.upstream.name}" and cannot be set by the caller: leave it out`, { reason: "fixed_argument", argument: key });
        }
      }
    }
    const forwarded: Message = {
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { ...params, name: route.originalName, arguments: fixed ? { ...args, ...fixed } : args },
    };
    return this.forward(route.member, forwarded);
  }

  private unknownTool(id: JsonRpcId, name: string): JsonRpcErrorBody {
    const names = this.upstream.visibleTools().map((tool) => tool.name);
    const shown = names.slice(0, NAMES_SHOWN).join(", ") + (names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : "");
    const gone = this.upstream.members.filter((m) => m.gone !== undefined && m.lists.tools === undefined);
    const note = gone.length > 0 ? `; the tools of ${gone.map((m) => m.label).join(", ")} are not known, as its process ended` : "";
    return jsonRpcError(id, ERROR_CODES.invalidParams, `unknown tool "${name}": composite "${this.upstream.name}" offers ${names.length > 0 ? shown : "no tools"}${note}`, { reason: "unknown_tool" });
  }

  private getPrompt(message: Message, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const id = message.id!;
    const name = params.name;
    if (typeof name !== "string") return jsonRpcError(id, ERROR_CODES.invalidParams, "prompts/get needs params.name");
    return this.whenListed(id, ["prompts"], () => this.upstream.promptRoute(name) !== undefined, () => {
      const route = this.upstream.promptRoute(name);
      if (!route) return jsonRpcError(id, ERROR_CODES.invalidParams, `unknown prompt "${name}" in composite "${this.upstream.name}"`);
      return this.forwardTo(route.member, { ...message, params: { ...params, name: route.originalName } }, `prompt "${name}"`);
    });
  }

  private routeResource(message: Message, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const id = message.id!;
    const uri = params.uri;
    if (typeof uri !== "string") return jsonRpcError(id, ERROR_CODES.invalidParams, `${message.method} needs params.uri`);
    return this.whenListed(id, ["resources", "resourceTemplates"], () => this.upstream.resourceRoute(uri) !== undefined, () => {
      const member = this.upstream.resourceRoute(uri);
      if (member === undefined) return jsonRpcError(id, ERROR_CODES.invalidParams, `no member of composite "${this.upstream.name}" offers the resource ${uri}`);
      return this.forwardTo(member, message, `resource ${uri}`);
    });
  }

  private complete(message: Message, params: Record<string, unknown>): JsonRpcErrorBody | undefined {
    const id = message.id!;
    const ref = params.ref as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
    if (ref?.type === "ref/prompt" && typeof ref.name === "string") {
      const name = ref.name;
      return this.whenListed(id, ["prompts"], () => this.upstream.promptRoute(name) !== undefined, () => {
        const route = this.upstream.promptRoute(name);
        if (!route) return jsonRpcError(id, ERROR_CODES.invalidParams, `unknown prompt "${name}" in composite "${this.upstream.name}"`);
        return this.forwardTo(route.member, { ...message, params: { ...params, ref: { ...ref, name: route.originalName } } }, `prompt "${name}"`);
      });
    }
    if (ref?.type === "ref/resource" && typeof ref.uri === "string") return this.routeResource(message, { ...params, uri: ref.uri });
    return jsonRpcError(id, ERROR_CODES.invalidParams, 'completion/complete needs params.ref: {"type": "ref/prompt", "name"} or {"type": "ref/resource", "uri"}');
  }

  private forwardTo(index: number, message: Message, what: string): JsonRpcErrorBody | undefined {
    const member = this.upstream.members[index]!;
    if (member.gone !== undefined) return goneError(message.id!, this.upstream.name, member, what);
    return this.forward(index, message);
  }

  private forward(index: number, message: Message): JsonRpcErrorBody | undefined {
    const id = message.id!;
    const port = this.forwardPorts[index];
    if (!port) return goneError(id, this.upstream.name, this.upstream.members[index]!, "this call");
    this.forwarded.set(id, index);
    const refused = port.send(message);
    if (!refused) return undefined;
    this.forwarded.delete(id);
    return { ...refused, error: { ...refused.error, message: `${this.upstream.members[index]!.label}: ${refused.error.message}` } };
  }

  /**
   * Runs `ready` now when the lists it needs are read (or the name is known anyway), otherwise
   * once they are: a client may call a tool it knows without listing first.
   */
  private whenListed(id: JsonRpcId, kinds: ListKind[], known: () => boolean, ready: () => JsonRpcErrorBody | undefined): JsonRpcErrorBody | undefined {
    if (known() || kinds.every((kind) => this.upstream.listed(kind))) return ready();
    const token = this.working(id);
    void this.upstream.list(kinds, false).then(() => {
      if (!this.finished(id, token)) return;
      const refused = ready();
      if (refused) this.onMessage(refused as Message);
    });
    return undefined;
  }

  /** Answers a request itself, later: counted as one call of the session, like any other. */
  private answerLocally(id: JsonRpcId, work: () => Promise<Record<string, unknown>>): undefined {
    const started = performance.now();
    const token = this.working(id);
    void work()
      .then(
        (result): Message => ({ jsonrpc: "2.0", id, result }),
        (error: unknown): Message =>
          (error instanceof RequestError ? jsonRpcError(id, error.code, error.message, error.data) : jsonRpcError(id, ERROR_CODES.internalError, (error as Error).message)) as Message,
      )
      .then((reply) => {
        if (!this.finished(id, token)) return;
        // Measured here, off the hot path: list answers are rare and the usage figures want bytes.
        this.onCall(performance.now() - started, reply.error !== undefined, JSON.stringify(reply).length);
        this.onMessage(reply);
      });
    return undefined;
  }

  private working(id: JsonRpcId): object {
    const token = {};
    this.answering.set(id, token);
    return token;
  }

  /** Whether the request is still wanted (not cancelled, the session still there); it is done with either way. */
  private finished(id: JsonRpcId, token: object): boolean {
    if (this.detached || this.answering.get(id) !== token) return false;
    this.answering.delete(id);
    return true;
  }

  private answerFromClient(message: Message): undefined {
    const entry = typeof message.id === "number" ? this.serverRequests.get(message.id) : undefined;
    if (!entry) return undefined;
    this.serverRequests.delete(message.id as number);
    this.forwardPorts[entry.member]?.send({ ...message, id: entry.id });
    return undefined;
  }

  private notificationFromClient(message: Message): undefined {
    if (message.method === "notifications/cancelled") {
      const reason = message.params?.reason;
      this.cancel(message.params?.requestId as JsonRpcId, typeof reason === "string" ? reason : "cancelled by the client");
      return undefined;
    }
    // Roots changed and the like: every member hears it.
    for (const port of this.forwardPorts) port?.send(message);
    return undefined;
  }

  // ------------------------------------------------------------------ members → client

  private attachMember(member: CompositeMember): SessionPort {
    const port = member.handle!.attach();
    port.onMessage = (message) => this.fromMember(member, message);
    port.onCall = (ms, failed, bytes) => this.onCall(ms, failed, bytes);
    if (this.capabilities) port.declareCapabilities(this.capabilities);
    return port;
  }

  private fromMember(member: CompositeMember, message: Message): void {
    if (this.detached) return;
    if (message.method === undefined) {
      const id = message.id ?? null;
      if (this.forwarded.get(id) !== member.index) return;
      this.forwarded.delete(id);
      const error = message.error as { code?: number; message?: string } | undefined;
      if (error?.code === ERROR_CODES.upstreamGone) message.error = { ...error, message: `${member.label} of composite "${this.upstream.name}": ${error.message}` };
      return this.onMessage(message);
    }
    if (message.id !== undefined && message.id !== null) {
      const id = this.nextServerRequest++;
      this.serverRequests.set(id, { member: member.index, id: message.id });
      return this.onMessage({ ...message, id });
    }
    if (message.method === "notifications/cancelled") {
      // The member withdrew one of its requests to the client: under the id the client knows.
      for (const [id, entry] of this.serverRequests) {
        if (entry.member !== member.index || entry.id !== message.params?.requestId) continue;
        this.serverRequests.delete(id);
        return this.onMessage({ ...message, params: { ...message.params, requestId: id } });
      }
      return;
    }
    if (message.method.endsWith("/list_changed")) this.upstream.markStale(member, message.method);
    this.onMessage(message);
  }
}

function noCursor(params: Record<string, unknown>): void {
  if (params.cursor !== undefined) throw new RequestError(ERROR_CODES.invalidParams, "invalid cursor: a composite lists everything in one page, so there is no next page to ask for");
}

function goneError(id: JsonRpcId, composite: string, member: CompositeMember, what: string): JsonRpcErrorBody {
  return jsonRpcError(
    id,
    ERROR_CODES.upstreamGone,
    `${what} of composite "${composite}" goes to ${member.label}, whose process ended (${member.gone}): its tools fail until you start a new session; the other members' tools keep working`,
    { reason: "member_lost", member: member.spec.deployment },
  );
}
