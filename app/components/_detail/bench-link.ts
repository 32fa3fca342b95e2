/** The bench opens a hosted deployment from its URL: /bench?deployment=<name>. */
export function benchHref(deployment: string): string {
  return `/bench?${new URLSearchParams({ deployment })}`;
}
