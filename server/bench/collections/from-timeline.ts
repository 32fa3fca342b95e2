import type { TimelineEntry } from "../session/timeline.ts";
import type { Assertion, Collection, CollectionCase } from "./collection-schema.ts";

/** The requests the bench sent (not initialize), each with its reply if one came, for picking. */
export interface RequestPick {
  seq: number;
  method: string;
  params?: Record<string, unknown>;
  reply?: TimelineEntry;
}

export function requestsOf(entries: readonly TimelineEntry[]): RequestPick[] {
  const replies = new Map<string | number, TimelineEntry>();
  for (const entry of entries) if (entry.direction === "in" && (entry.kind === "response" || entry.kind === "error") && entry.id !== undefined) replies.set(entry.id, entry);
  const picks: RequestPick[] = [];
  for (const entry of entries) {
    if (entry.direction !== "out" || entry.kind !== "request" || !entry.method || entry.method === "initialize") continue;
    const params = (entry.message as { params?: Record<string, unknown> }).params;
    const reply = entry.id !== undefined ? replies.get(entry.id) : undefined;
    picks.push({ seq: entry.seq, method: entry.method, ...(params ? { params: withoutMeta(params) } : {}), ...(reply ? { reply } : {}) });
  }
  return picks;
}

/**
 * Default assertions from what was seen: the same status (and error code), structuredContent
 * valid against the tool's outputSchema when the reply had one, and a latency budget of five
 * times what it took (at least one second), so the check is not flaky on a slower CI machine.
 */
export function defaultAssertions(pick: RequestPick): Assertion[] {
  const reply = pick.reply;
  if (!reply) return [{ status: "result" }];
  const message = reply.message as { result?: { structuredContent?: unknown; isError?: boolean }; error?: { code: number } };
  const assertions: Assertion[] = [];
  if (message.error) assertions.push({ status: "error", code: message.error.code });
  else {
    assertions.push({ status: "result" });
    if (pick.method === "tools/call" && typeof message.result?.isError === "boolean") assertions.push({ path: "$.isError", equals: message.result.isError });
    if (pick.method === "tools/call" && message.result?.structuredContent !== undefined) assertions.push({ schemaValid: "outputSchema" });
  }
  if (reply.latencyMs !== undefined) assertions.push({ latencyMs: Math.max(1000, Math.ceil((reply.latencyMs * 5) / 100) * 100) });
  return assertions;
}

export function collectionFrom(name: string, picks: readonly RequestPick[]): Collection {
  const counts = new Map<string, number>();
  const cases: CollectionCase[] = picks.map((pick) => {
    const base = pick.method === "tools/call" && typeof pick.params?.name === "string" ? `${pick.params.name}` : pick.method;
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return { name: n === 1 ? base : `${base} #${n}`, request: { method: pick.method, ...(pick.params ? { params: pick.params } : {}) }, assert: defaultAssertions(pick) };
  });
  return { version: 1, name, cases };
}

// A progress token belongs to the session it was made in; a replay gets its own.
function withoutMeta(params: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _ignored, ...rest } = params;
  return rest;
}
