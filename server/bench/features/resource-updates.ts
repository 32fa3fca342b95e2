/** What the bench knows about updates to one subscribed resource. */
export interface UpdateMark {
  /** When the last notifications/resources/updated for it came (ms since the epoch). */
  at: number;
  /** Updates since subscribing. */
  count: number;
  /** Whether the contents have changed since the user last read them. */
  unseen: boolean;
}

/** The subscribed URI an update is about: the URI itself, or the subscription whose URI it lies under. */
export function subscriptionFor(uri: string, subscribed: ReadonlySet<string>): string | undefined {
  if (subscribed.has(uri)) return uri;
  for (const candidate of subscribed) if (uri.startsWith(candidate.endsWith("/") ? candidate : `${candidate}/`)) return candidate;
  return undefined;
}

/** The marks after an update to `uri` at `at`; an update for nothing subscribed changes nothing. */
export function noteUpdate(marks: ReadonlyMap<string, UpdateMark>, subscribed: ReadonlySet<string>, uri: string, at: number): ReadonlyMap<string, UpdateMark> {
  const key = subscriptionFor(uri, subscribed);
  if (key === undefined) return marks;
  const next = new Map(marks);
  next.set(key, { at, count: (marks.get(key)?.count ?? 0) + 1, unseen: true });
  return next;
}

/** The marks once the user has read `uri` again. */
export function markSeen(marks: ReadonlyMap<string, UpdateMark>, uri: string): ReadonlyMap<string, UpdateMark> {
  const mark = marks.get(uri);
  if (!mark?.unseen) return marks;
  return new Map(marks).set(uri, { ...mark, unseen: false });
}
