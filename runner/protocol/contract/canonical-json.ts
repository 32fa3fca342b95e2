/**
 * Rebuilds a JSON value with object keys in code-point order and undefined members dropped, so
 * equal values always serialize to the same text.
 */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== "object") return value;
  // Object.fromEntries defines own properties, so a key named "__proto__" stays a key.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
  );
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}
