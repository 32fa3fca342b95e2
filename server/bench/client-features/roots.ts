import type { Root } from "@modelcontextprotocol/sdk/types.js";

/** A row of the roots editor, as typed. */
export interface RootDraft {
  uri: string;
  name: string;
}

export interface RootsCheck {
  roots: Root[];
  /** Problems by row index; roots are applied only when there are none. */
  problems: Map<number, string>;
}

/**
 * The roots the rows stand for, or why not: each URI must be a file:// URI (the spec's rule for
 * roots), once; empty rows are skipped; a name is optional.
 */
export function checkRoots(rows: readonly RootDraft[]): RootsCheck {
  const roots: Root[] = [];
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const uri = row.uri.trim();
    const name = row.name.trim();
    if (uri === "" && name === "") return;
    if (uri === "") return void problems.set(index, "a root needs a URI, e.g. file:///home/me/project");
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      return void problems.set(index, `"${uri}" is not a URI: write it as file:///path/to/folder`);
    }
    if (parsed.protocol !== "file:") return void problems.set(index, `roots must be file:// URIs, not ${parsed.protocol}// (the spec allows only file:// for now)`);
    if (seen.has(parsed.href)) return void problems.set(index, "this root is listed twice: remove one");
    seen.add(parsed.href);
    roots.push(name ? { uri: parsed.href, name } : { uri: parsed.href });
  });
  return { roots, problems };
}

/**
 * The roots the client offers, shared by every connection of one tab across reconnects; a
 * change is announced to the open session with notifications/roots/list_changed.
 */
export class RootsList {
  private current: readonly Root[] = [];
  private readonly listeners = new Set<(roots: readonly Root[]) => void>();

  get roots(): readonly Root[] {
    return this.current;
  }

  /** Replaces the list; true when it changed (and listeners were told). */
  set(roots: readonly Root[]): boolean {
    if (JSON.stringify(roots) === JSON.stringify(this.current)) return false;
    this.current = roots;
    for (const listener of this.listeners) listener(roots);
    return true;
  }

  onChange(listener: (roots: readonly Root[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
