import { z } from "zod";
import { type ContractSnapshot, type RequiredVariable, contractSnapshotSchema, normalizeSnapshot } from "../../protocol/contract/snapshot.ts";
import { SESSION_PROTOCOL_VERSIONS } from "../../protocol/mcp-versions.ts";
import type { ProbeReport, RevisionProbe } from "../../protocol/probe-report.ts";
import type { McpUpstream } from "../mcp-upstream.ts";

/** Lists longer than this many pages are cut off: a server that pages forever must not hang a publish. */
const MAX_PAGES = 50;
const STDERR_LINES = 20;

type Listed = Omit<ContractSnapshot, "requiredEnvironment">;

const LISTS = [
  { method: "tools/list", field: "tools", capability: "tools" },
  { method: "resources/list", field: "resources", capability: "resources" },
  { method: "resources/templates/list", field: "resourceTemplates", capability: "resources" },
  { method: "prompts/list", field: "prompts", capability: "prompts" },
] as const;

export interface ProbeOptions {
  /** Starts a fresh process of the component, not yet initialized. */
  start(): Promise<McpUpstream>;
  requiredEnvironment: RequiredVariable[];
  timeoutMs: number;
}

/**
 * Starts the component once per session-based MCP revision (initialize can happen only once per
 * process), speaks that revision to it and lists everything its capabilities advertise. The
 * contract is taken from the newest revision that listed cleanly.
 */
export async function probeContract(options: ProbeOptions): Promise<ProbeReport> {
  const runs = await Promise.all(SESSION_PROTOCOL_VERSIONS.map((revision) => probeRevision(revision, options)));
  const revisions = runs.map((run) => run.result).reverse();
  const newestListed = runs.find((run) => run.listed !== undefined);
  const stderrTail = (newestListed ?? runs[0]!).stderrTail;
  if (!newestListed?.listed) {
    const failure = runs.find((run) => run.result.error)?.result.error ?? "the server did not answer";
    return { ok: false, failure, stderrTail, revisions };
  }
  const snapshot = normalizeSnapshot({ ...newestListed.listed, requiredEnvironment: options.requiredEnvironment });
  return { ok: true, stderrTail, serverInfo: newestListed.serverInfo, revisions, snapshot };
}

interface RevisionRun {
  result: RevisionProbe;
  listed?: Listed;
  serverInfo?: ProbeReport["serverInfo"];
  stderrTail: string[];
}

async function probeRevision(revision: string, options: ProbeOptions): Promise<RevisionRun> {
  let upstream: McpUpstream;
  try {
    upstream = await options.start();
  } catch (error) {
    return { result: { revision, initialized: false, listed: false, error: (error as Error).message }, stderrTail: [] };
  }
  const tail = () => upstream.process.stderr.tail(STDERR_LINES);
  try {
    try {
      await upstream.initialize(options.timeoutMs, revision);
    } catch (error) {
      const exited = upstream.process.exited;
      const reason = exited ? `the server process ${exited.reason}` : (error as Error).message;
      return { result: { revision, initialized: false, listed: false, error: `initialize failed: ${reason}` }, stderrTail: tail() };
    }
    const init = upstream.initializeResult ?? {};
    const negotiated = typeof init.protocolVersion === "string" ? init.protocolVersion : undefined;
    const serverInfo = (init.serverInfo ?? undefined) as ProbeReport["serverInfo"];
    const capabilities = (init.capabilities ?? {}) as Record<string, unknown>;
    try {
      const listed = await listEverything(upstream, capabilities, options.timeoutMs);
      const counts = { tools: listed.tools.length, resources: listed.resources.length, resourceTemplates: listed.resourceTemplates.length, prompts: listed.prompts.length };
      return { result: { revision, initialized: true, negotiated, listed: true, counts }, listed, serverInfo, stderrTail: tail() };
    } catch (error) {
      return { result: { revision, initialized: true, negotiated, listed: false, error: (error as Error).message }, serverInfo, stderrTail: tail() };
    }
  } finally {
    await upstream.stop("probe finished", 500);
  }
}

async function listEverything(upstream: McpUpstream, capabilities: Record<string, unknown>, timeoutMs: number): Promise<Listed> {
  const listed: Listed = { tools: [], resources: [], resourceTemplates: [], prompts: [] };
  for (const list of LISTS) {
    if (!capabilities[list.capability]) continue;
    const entries = await listAll(upstream, list.method, list.field, timeoutMs);
    const parsed = contractSnapshotSchema.shape[list.field].safeParse(entries);
    if (!parsed.success) throw new Error(`${list.method} returned an invalid entry: ${describeIssue(parsed.error)}`);
    (listed as Record<string, unknown>)[list.field] = parsed.data;
  }
  return listed;
}

async function listAll(upstream: McpUpstream, method: string, field: string, timeoutMs: number): Promise<unknown[]> {
  const entries: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: Record<string, unknown>;
    try {
      result = (await upstream.request(method, cursor === undefined ? {} : { cursor }, timeoutMs)) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${method} failed: ${(error as Error).message}`);
    }
    const items = result?.[field];
    if (!Array.isArray(items)) throw new Error(`${method} returned no "${field}" array`);
    entries.push(...items);
    cursor = typeof result.nextCursor === "string" && result.nextCursor !== "" ? result.nextCursor : undefined;
    if (cursor === undefined) return entries;
  }
  throw new Error(`${method} was still paging after ${MAX_PAGES} pages`);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `[${issue.path.join(".")}] ${issue.message}`;
}
