import type { Message, SessionPort } from "../../agent/session-mux.ts";
import type { Lease, UpstreamHandle } from "../../protocol/upstream-handle.ts";
import { type Catalog, type ExposedTool, type McpTool, buildCatalog } from "./catalog.ts";
import { type CompositionMember, memberLabel } from "./composition-spec.ts";
import { CompositePort } from "./composite-port.ts";
import { compositeInitializeResult } from "./initialize-result.ts";
import { OwnRequests, readAllPages } from "./own-requests.ts";
import { matchesUriTemplate } from "./uri-template.ts";

/** One member of a composite as the gateway leased it; `lease` is absent when its process was already gone. */
export interface CompositeMemberLease {
  spec: CompositionMember;
  deploymentId: string;
  lease: Lease | undefined;
  /** Why there is no process (a session taken over after the member's process ended). */
  gone?: string;
}

/** The lists a member is asked for, under the key its result carries them in. */
export type ListKind = "tools" | "prompts" | "resources" | "resourceTemplates";

const LIST_METHOD: Record<ListKind, string> = {
  tools: "tools/list",
  prompts: "prompts/list",
  resources: "resources/list",
  resourceTemplates: "resources/templates/list",
};
const CAPABILITY: Record<ListKind, string> = { tools: "tools", prompts: "prompts", resources: "resources", resourceTemplates: "resources" };
/** A list_changed notification marks these lists to be asked for again. */
const STALE_ON: Record<string, ListKind[]> = {
  "notifications/tools/list_changed": ["tools"],
  "notifications/prompts/list_changed": ["prompts"],
  "notifications/resources/list_changed": ["resources", "resourceTemplates"],
};

/** How long a member may take to answer one of the composite's own requests. */
const OWN_REQUEST_TIMEOUT_MS = 30_000;

/** A route to a member for a name or URI the composite offers. */
export interface Route {
  member: number;
  originalName: string;
}

/** One member's process and what the composite knows of it. */
export class CompositeMember {
  readonly label: string;
  /** How its process ended (e.g. "exited with code 1"); its tools then fail naming it, the others go on. */
  gone: string | undefined;
  /**
   * The port for the composite's own requests (listing, log level), attached only while one is
   * in flight: a second port on the process would leave its server's requests with no single
   * session to go to (see SessionMux.portForServerRequest).
   */
  own: SessionPort | undefined;
  ownUsers = 0;
  readonly lists: Partial<Record<ListKind, unknown[]>> = {};
  readonly stale = new Set<ListKind>();
  readonly listing = new Map<ListKind, Promise<void>>();
  stopWatching: () => void = () => {};

  constructor(
    readonly index: number,
    readonly spec: CompositionMember,
    readonly deploymentId: string,
    readonly lease: Lease | undefined,
    gone: string | undefined,
  ) {
    this.label = `member ${index + 1} (${memberLabel(spec)})`;
    this.gone = lease ? gone : (gone ?? "before the session began");
  }

  get handle(): UpstreamHandle | undefined {
    return this.lease?.handle;
  }

  /** Whether its server declared the capability at initialize. */
  offers(capability: string): boolean {
    const capabilities = this.handle?.initializeResult?.capabilities as Record<string, unknown> | undefined;
    return capabilities?.[capability] !== undefined;
  }
}

/**
 * A virtual MCP server made of several leased processes, one per member of a composition: the
 * gateway's sessions use it as they use any process (UpstreamHandle), through CompositePort.
 * It answers initialize with a result of its own, keeps each member's tools, prompts and
 * resources (listed through ports of its own and listed again after a list_changed), and knows
 * which member serves which name. A member whose process ends leaves the others working; the
 * composite itself ends when none is left.
 */
export class CompositeUpstream implements UpstreamHandle {
  readonly initializeResult: Record<string, unknown>;
  readonly members: CompositeMember[];
  readonly own = new OwnRequests();
  private readonly ports = new Set<CompositePort>();
  private readonly exitListeners = new Set<(exit: { reason: string }) => void>();
  private catalog: Catalog | undefined;
  private used = false;
  private disposed = false;

  constructor(
    readonly name: string,
    leases: readonly CompositeMemberLease[],
  ) {
    this.members = leases.map((lease, index) => new CompositeMember(index, lease.spec, lease.deploymentId, lease.lease, lease.gone));
    for (const member of this.members) {
      if (member.gone === undefined) member.stopWatching = member.handle!.onExit((exit) => this.memberExited(member, exit.reason));
    }
    this.initializeResult = compositeInitializeResult(name, this.members);
  }

  attach(): SessionPort {
    this.used = true;
    const port = new CompositePort(this);
    this.ports.add(port);
    return port;
  }

  onExit(listener: (exit: { reason: string }) => void): () => void {
    this.used = true;
    this.exitListeners.add(listener);
    return () => {
      this.exitListeners.delete(listener);
      this.restIfUnused();
    };
  }

  /** The leases of the members that have a process, to give back. */
  memberLeases(): Array<{ deploymentId: string; lease: Lease }> {
    return this.members.flatMap((member) => (member.lease ? [{ deploymentId: member.deploymentId, lease: member.lease }] : []));
  }

  /** Stops listening to the members' processes; called when the composite is given back or left. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const member of this.members) {
      member.stopWatching();
      if (member.own) {
        this.own.failOn(member.own, "the composite session ended");
        member.own.detach();
        member.own = undefined;
      }
    }
  }

  /** @internal a port's session ended. */
  portDetached(port: CompositePort): void {
    this.ports.delete(port);
    this.restIfUnused();
  }

  // ------------------------------------------------------------------ lists and routes

  /** Brings the lists up to date: those never read or marked stale, or all of them when `fresh`. */
  async list(kinds: readonly ListKind[], fresh: boolean): Promise<void> {
    if (this.disposed) return;
    const work: Promise<void>[] = [];
    for (const member of this.members) {
      if (member.gone !== undefined) continue;
      for (const kind of kinds) {
        if (!member.offers(CAPABILITY[kind])) continue;
        if (fresh || member.lists[kind] === undefined || member.stale.has(kind)) work.push(this.refresh(member, kind));
      }
    }
    await Promise.all(work);
  }

  /** Whether every live member's list of `kind` is read and not stale. */
  listed(kind: ListKind): boolean {
    return this.members.every((m) => m.gone !== undefined || !m.offers(CAPABILITY[kind]) || (m.lists[kind] !== undefined && !m.stale.has(kind)));
  }

  /** The tools as the composite offers them, also those of gone members (their calls fail clearly). */
  toolCatalog(): Catalog {
    this.catalog ??= buildCatalog(
      this.members.map((m) => m.spec),
      this.members.map((m) => m.lists.tools as McpTool[] | undefined),
    );
    return this.catalog;
  }

  /** What tools/list answers: the tools of the members that are still there. */
  visibleTools(): McpTool[] {
    return this.toolCatalog().tools.flatMap((exposed) => (this.members[exposed.member]!.gone === undefined ? [exposed.tool] : []));
  }

  toolRoute(name: string): ExposedTool | undefined {
    return this.toolCatalog().byName.get(name);
  }

  /** Prompts under their member's prefix, the first member keeping a name offered twice. */
  prompts(): Array<Record<string, unknown>> {
    const seen = new Set<string>();
    const prompts: Array<Record<string, unknown>> = [];
    for (const member of this.live()) {
      for (const prompt of (member.lists.prompts ?? []) as Array<Record<string, unknown>>) {
        if (typeof prompt?.name !== "string") continue;
        const name = member.spec.prefix + prompt.name;
        if (seen.has(name)) continue;
        seen.add(name);
        prompts.push({ ...prompt, name });
      }
    }
    return prompts;
  }

  promptRoute(name: string): Route | undefined {
    for (const member of this.members) {
      if (!name.startsWith(member.spec.prefix)) continue;
      const original = name.slice(member.spec.prefix.length);
      if (((member.lists.prompts ?? []) as Array<{ name?: unknown }>).some((p) => p?.name === original)) return { member: member.index, originalName: original };
    }
    return undefined;
  }

  /** Resources and templates keep their URIs: the first member listing a URI serves it. */
  resources(kind: "resources" | "resourceTemplates"): unknown[] {
    const key = kind === "resources" ? "uri" : "uriTemplate";
    const seen = new Set<unknown>();
    const items: unknown[] = [];
    for (const member of this.live()) {
      for (const item of (member.lists[kind] ?? []) as Array<Record<string, unknown>>) {
        if (seen.has(item?.[key])) continue;
        seen.add(item?.[key]);
        items.push(item);
      }
    }
    return items;
  }

  /**
   * The member serving a resource URI: the first that lists it, else the first whose template
   * matches it, else the only member offering resources at all.
   */
  resourceRoute(uri: string): number | undefined {
    for (const member of this.members) {
      if (((member.lists.resources ?? []) as Array<{ uri?: unknown }>).some((r) => r?.uri === uri)) return member.index;
    }
    for (const member of this.members) {
      const templates = (member.lists.resourceTemplates ?? []) as Array<{ uriTemplate?: unknown }>;
      if (templates.some((t) => typeof t?.uriTemplate === "string" && (t.uriTemplate === uri || matchesUriTemplate(t.uriTemplate, uri)))) return member.index;
    }
    const offering = this.members.filter((m) => m.offers("resources"));
    return offering.length === 1 ? offering[0]!.index : undefined;
  }

  /** Sets the log level on every member that logs; the client hears their messages as before. */
  async setLogLevel(level: unknown): Promise<void> {
    if (this.disposed) return;
    await Promise.allSettled(
      this.live()
        .filter((member) => member.offers("logging"))
        .map((member) => this.withOwnPort(member, (port) => this.own.ask(port, "logging/setLevel", { level }, OWN_REQUEST_TIMEOUT_MS))),
    );
  }

  /** A member said one of its lists changed: it is read again before it is used next. */
  markStale(member: CompositeMember, method: string): void {
    for (const kind of STALE_ON[method] ?? []) {
      member.stale.add(kind);
      if (kind === "tools") this.catalog = undefined;
    }
  }

  live(): CompositeMember[] {
    return this.members.filter((member) => member.gone === undefined);
  }

  // ------------------------------------------------------------------ internals

  private refresh(member: CompositeMember, kind: ListKind): Promise<void> {
    let running = member.listing.get(kind);
    if (running) return running;
    member.stale.delete(kind);
    running = this.readAll(member, kind)
      .then(
        (items) => {
          member.lists[kind] = items;
        },
        () => {
          // A member that cannot list (busy, no answer) keeps what it listed before, or offers nothing.
          member.lists[kind] ??= [];
        },
      )
      .finally(() => {
        member.listing.delete(kind);
        if (kind === "tools") this.catalog = undefined;
      });
    member.listing.set(kind, running);
    return running;
  }

  private readAll(member: CompositeMember, kind: ListKind): Promise<unknown[]> {
    return this.withOwnPort(member, (port) => readAllPages(this.own, port, LIST_METHOD[kind], kind, OWN_REQUEST_TIMEOUT_MS));
  }

  private async withOwnPort<T>(member: CompositeMember, work: (port: SessionPort) => Promise<T>): Promise<T> {
    const port = this.ownPort(member);
    member.ownUsers++;
    try {
      return await work(port);
    } finally {
      if (--member.ownUsers === 0 && member.own === port) {
        member.own = undefined;
        port.detach();
      }
    }
  }

  private ownPort(member: CompositeMember): SessionPort {
    if (member.own) return member.own;
    const port = member.handle!.attach();
    port.onMessage = (message: Message) => {
      if (this.own.settle(message)) return;
      if (message.method !== undefined && message.id === undefined) this.markStale(member, message.method);
    };
    // No client capabilities: a server asking this port for roots gets none, the rest are refused.
    port.declareCapabilities({});
    member.own = port;
    return port;
  }

  private memberExited(member: CompositeMember, reason: string): void {
    if (member.gone !== undefined) return;
    member.gone = reason;
    member.stopWatching();
    if (member.own) {
      this.own.failOn(member.own, member.gone);
      member.own = undefined;
    }
    for (const port of [...this.ports]) port.memberGone(member);
    if (this.members.every((m) => m.gone !== undefined)) {
      const why = `every member is gone (${this.members.map((m) => `${m.label}: ${m.gone}`).join("; ")})`;
      for (const listener of [...this.exitListeners]) listener({ reason: why });
    }
  }

  /** Nobody uses the composite any more (its session ended or moved): it stops listening to the members. */
  private restIfUnused(): void {
    if (this.used && this.ports.size === 0 && this.exitListeners.size === 0) this.dispose();
  }
}
