export interface Matched<T> {
  removed: T[];
  added: T[];
  kept: Array<[previous: T, next: T]>;
}

/** Pairs the items of two lists that share a key (a name, a URI). */
export function matchByKey<T>(previous: readonly T[], next: readonly T[], keyOf: (item: T) => string): Matched<T> {
  const nextByKey = new Map(next.map((item) => [keyOf(item), item]));
  const previousKeys = new Set(previous.map(keyOf));
  const removed: T[] = [];
  const kept: Array<[T, T]> = [];
  for (const item of previous) {
    const match = nextByKey.get(keyOf(item));
    if (match === undefined) removed.push(item);
    else kept.push([item, match]);
  }
  return { removed, added: next.filter((item) => !previousKeys.has(keyOf(item))), kept };
}
