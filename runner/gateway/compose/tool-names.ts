/**
 * How a composition member picks its tools by name: exact names or globs (`*` any run of
 * characters, `?` one character), always matched against the whole original name.
 */

export function isGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

const compiled = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (!regexp) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    regexp = new RegExp(`^${source}$`, "s");
    // Patterns come from saved compositions, a bounded set; the bound only guards against surprises.
    if (compiled.size < 1000) compiled.set(pattern, regexp);
  }
  return regexp;
}

export function matchesPattern(name: string, pattern: string): boolean {
  return isGlob(pattern) ? globToRegExp(pattern).test(name) : name === pattern;
}

export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesPattern(name, pattern));
}

/** Whether a member offers one of its server's tools, and if not, why. */
export type Selection = { selected: true } | { selected: false; why: "not included" | "excluded" };

export function selectionOf(member: { include?: readonly string[]; exclude?: readonly string[] }, toolName: string): Selection {
  if (member.include !== undefined && !matchesAny(toolName, member.include)) return { selected: false, why: "not included" };
  if (member.exclude !== undefined && matchesAny(toolName, member.exclude)) return { selected: false, why: "excluded" };
  return { selected: true };
}
