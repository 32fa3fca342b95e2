import { checkOutput } from "../results/output-check.ts";
import type { TimelineEntry } from "../session/timeline.ts";
import type { Finding } from "./lint-tools.ts";

/**
 * Findings from what the bench saw in one session (its timeline), not from what the server
 * declares. Each rule fires only on evidence a server can hardly produce while honouring its
 * annotations, so a finding means "look at this", rarely "false alarm".
 */

type Json = Record<string, unknown>;
interface Call {
  tool: string;
  args: string;
  request: TimelineEntry;
  /** The reply (response or error), when one came. */
  reply?: TimelineEntry;
  result?: Json;
}

/** After a call's reply, how long a state-change notification still counts as caused by it. */
export const AFTERMATH_MS = 1000;

const STATE_CHANGES = new Set(["notifications/resources/list_changed", "notifications/resources/updated", "notifications/tools/list_changed", "notifications/prompts/list_changed"]);

const obj = (v: unknown): Json | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const body = (e: TimelineEntry) => e.message as Json;

/** JSON with object keys sorted, so equal arguments compare equal whatever their order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const o = obj(value);
  if (o) return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** The tools of the newest complete tools/list reply, by name. */
function latestTools(entries: readonly TimelineEntry[]): Map<string, Json> {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    const tools = e.kind === "response" && e.method === "tools/list" ? (obj(body(e).result)?.tools as unknown) : undefined;
    if (Array.isArray(tools)) return new Map(tools.map(obj).filter((t): t is Json => typeof t?.name === "string").map((t) => [t.name as string, t]));
  }
  return new Map();
}

function calls(entries: readonly TimelineEntry[]): Call[] {
  const out: Call[] = [];
  const open = new Map<string | number, Call>();
  for (const e of entries) {
    if (e.direction === "out" && e.kind === "request" && e.method === "tools/call" && e.id !== undefined) {
      const params = obj(body(e).params);
      if (typeof params?.name !== "string") continue;
      const call: Call = { tool: params.name, args: canonical(params.arguments ?? {}), request: e };
      open.set(e.id, call);
      out.push(call);
    } else if (e.direction === "in" && (e.kind === "response" || e.kind === "error") && e.method === "tools/call" && e.id !== undefined) {
      const call = open.get(e.id);
      if (!call) continue;
      open.delete(e.id);
      call.reply = e;
      call.result = obj(body(e).result);
    }
  }
  return out;
}

const hint = (tool: Json | undefined, name: "readOnlyHint" | "destructiveHint" | "idempotentHint") => obj(tool?.annotations)?.[name];

/** A read-only tool whose call was followed by the server announcing changed state. */
const readOnlyChangedState = (entries: readonly TimelineEntry[], tools: Map<string, Json>, seen: Call[]): Finding[] => {
  const out = new Map<string, Finding>();
  for (const call of seen) {
    if (hint(tools.get(call.tool), "readOnlyHint") !== true || !call.reply || out.has(call.tool)) continue;
    let notice: TimelineEntry | undefined;
    for (const e of entries) {
      if (e.seq <= call.request.seq) continue;
      // Another request of ours, or a long pause after the reply: the cause could be elsewhere.
      if ((e.direction === "out" && e.kind === "request") || (e.seq > call.reply.seq && e.at - call.reply.at > AFTERMATH_MS)) break;
      if (e.direction === "in" && e.kind === "notification" && STATE_CHANGES.has(e.method ?? "")) {
        notice = e;
        break;
      }
    }
    if (!notice) continue;
    out.set(call.tool, {
      rule: "read-only-changed-state",
      severity: "warning",
      tool: call.tool,
      message: `annotated readOnlyHint: true, but calling it was followed by ${notice.method}`,
      reason: "clients run read-only tools without asking; a tool that changes resources, tools or prompts is not read-only, and the server's own notification says it changed something",
      fix: "set readOnlyHint: false (and say whether it is destructive), or stop the tool changing state",
    });
  }
  return [...out.values()];
};

const VOLATILE = [
  /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  /\b1\d{9}(\d{3})?\b/g,
];
/** A result with timestamps, UUIDs and epoch times blanked: those differ between harmless calls. */
function resultShape(result: Json): string {
  let text = canonical({ content: result.content, structuredContent: result.structuredContent, isError: result.isError ?? false });
  for (const pattern of VOLATILE) text = text.replace(pattern, "·");
  return text;
}

/** An idempotent tool whose identical calls, back to back, answered differently. */
const idempotentDiffers = (_entries: readonly TimelineEntry[], tools: Map<string, Json>, seen: Call[]): Finding[] => {
  const out = new Map<string, Finding>();
  const done = seen.filter((c) => c.result);
  for (let i = 1; i < done.length; i++) {
    const [before, now] = [done[i - 1]!, done[i]!];
    const tool = tools.get(now.tool);
    if (before.tool !== now.tool || before.args !== now.args || out.has(now.tool)) continue;
    if (hint(tool, "idempotentHint") !== true || hint(tool, "readOnlyHint") === true) continue;
    if (before.result!.isError === true || resultShape(before.result!) === resultShape(now.result!)) continue;
    out.set(now.tool, {
      rule: "idempotent-results-differ",
      severity: "info",
      tool: now.tool,
      message: "annotated idempotentHint: true, but two identical calls in a row returned different results",
      reason: "an idempotent tool has no further effect when called again with the same arguments; a different answer to the same call suggests the first call's effect was repeated (a second item created, a counter moved)",
      fix: "if repeating the call repeats its effect, set idempotentHint: false; if only a volatile value differs (a time, an id), ignore this",
    });
  }
  return [...out.values()];
};

const DELETED = /\b(deleted|removed|erased|purged|destroyed|wiped|dropped)\b/i;
const NEGATED = /\b(no|not|nothing|none|never|0|zero|without|would|will|could|can|cannot|can't|won't|didn't|wasn't|weren't)\b/i;

/** The first sentence of a result's text that says something was deleted (and not that nothing was). */
export function deletionClaim(text: string): string | undefined {
  for (const sentence of text.split(/(?<=[.!?\n])\s*/)) {
    const match = DELETED.exec(sentence);
    if (!match) continue;
    const before = sentence.slice(0, match.index).split(/\s+/).slice(-4).join(" ");
    if (!NEGATED.test(before)) return sentence.trim().slice(0, 160);
  }
  return undefined;
}

const resultText = (result: Json) =>
  (Array.isArray(result.content) ? result.content : [])
    .map((block) => (obj(block)?.type === "text" && typeof obj(block)?.text === "string" ? (obj(block)!.text as string) : ""))
    .join("\n");

/** A tool that says it is not destructive (or is read-only), whose own result says it deleted something. */
const saysDeleted = (_entries: readonly TimelineEntry[], tools: Map<string, Json>, seen: Call[]): Finding[] => {
  const out = new Map<string, Finding>();
  for (const call of seen) {
    const tool = tools.get(call.tool);
    const readOnly = hint(tool, "readOnlyHint") === true;
    if (!call.result || call.result.isError === true || out.has(call.tool) || (hint(tool, "destructiveHint") !== false && !readOnly)) continue;
    const claim = deletionClaim(resultText(call.result));
    if (!claim) continue;
    out.set(call.tool, {
      rule: "deleted-but-not-destructive",
      severity: "warning",
      tool: call.tool,
      message: `annotated ${readOnly ? "readOnlyHint: true" : "destructiveHint: false"}, but a result said: “${claim}”`,
      reason: "clients ask before destructive tools and may not ask before others; a tool that deletes things should be marked so people get the chance to refuse",
      fix: "set readOnlyHint: false and destructiveHint: true (or leave destructiveHint out: it defaults to true)",
    });
  }
  return [...out.values()];
};

/** structuredContent that does not match the tool's outputSchema, as seen in real replies. */
const outputMismatch = (_entries: readonly TimelineEntry[], tools: Map<string, Json>, seen: Call[]): Finding[] => {
  const out = new Map<string, Finding>();
  for (const call of seen) {
    const schema = tools.get(call.tool)?.outputSchema;
    if (!call.result || out.has(call.tool) || schema === undefined) continue;
    const check = checkOutput(schema, call.result);
    if (check.status !== "missing" && check.status !== "invalid") continue;
    const issue = check.status === "missing" ? check.message : `structuredContent does not match the outputSchema: ${check.issues[0] ? `${check.issues[0].path || "(root)"} ${check.issues[0].message}` : "invalid"}`;
    out.set(call.tool, {
      rule: "output-schema-mismatch",
      severity: "error",
      tool: call.tool,
      message: issue,
      reason: "a tool with an outputSchema must return structuredContent that conforms to it; clients that validate reject the result, and models get data the schema did not promise",
      fix: "make the result match the schema, or correct the schema to describe what the tool returns",
    });
  }
  return [...out.values()];
};

/** tools/list answered differently with no notifications/tools/list_changed in between. */
const silentListChange = (entries: readonly TimelineEntry[]): Finding[] => {
  let previous: string | undefined;
  let notified = false;
  const pending = new Set<string | number>();
  for (const e of entries) {
    if (e.kind === "notification" && e.method === "notifications/tools/list_changed") notified = true;
    // Only whole lists compare: the first page asked without a cursor and with no next page.
    if (e.direction === "out" && e.kind === "request" && e.method === "tools/list" && e.id !== undefined && obj(body(e).params)?.cursor === undefined) pending.add(e.id);
    if (e.direction !== "in" || e.kind !== "response" || e.method !== "tools/list" || e.id === undefined || !pending.delete(e.id)) continue;
    const result = obj(body(e).result);
    if (!Array.isArray(result?.tools) || result.nextCursor !== undefined) continue;
    const now = canonical([...result.tools].sort((a, b) => String(obj(a)?.name).localeCompare(String(obj(b)?.name))));
    if (previous !== undefined && now !== previous && !notified) {
      return [{
        rule: "tools-changed-silently",
        severity: "warning",
        message: "tools/list changed during the session without a notifications/tools/list_changed",
        reason: "clients cache the tool list and refresh it only when told; without the notification they keep offering tools that changed or are gone",
        fix: "declare capabilities.tools.listChanged: true and send notifications/tools/list_changed whenever the list changes",
      }];
    }
    previous = now;
    notified = false;
  }
  return [];
};

type Rule = (entries: readonly TimelineEntry[], tools: Map<string, Json>, seen: Call[]) => Finding[];
const RULES: readonly Rule[] = [outputMismatch, readOnlyChangedState, saysDeleted, silentListChange, idempotentDiffers];

/** Every finding about what the server did in this session, judged against what it declared. */
export function lintBehaviour(entries: readonly TimelineEntry[]): Finding[] {
  const tools = latestTools(entries);
  const seen = calls(entries);
  return RULES.flatMap((rule) => rule(entries, tools, seen));
}
