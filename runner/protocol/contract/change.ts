export type ChangeKind = "breaking" | "compatible" | "cosmetic";

export interface ContractChange {
  kind: ChangeKind;
  /** Where the change is, e.g. `tools.search.inputSchema.properties.limit`. */
  path: string;
  /** One sentence for the developer, e.g. `tool "search": argument "limit" is now required`. */
  message: string;
}

/** What a change is about: `tool "search"` at `tools.search`. */
export interface ChangeSite {
  subject: string;
  path: string;
}

/** How a schema change moves the set of values it allows; "changed" moves it both ways. */
export type Effect = "narrowed" | "widened" | "changed";

/** Who writes the values a schema describes: the client (tool arguments) or the server (tool output). */
export type Direction = "input" | "output";

/**
 * Input is written by clients: a narrower schema rejects calls that used to work, a wider one
 * still accepts them. Output is read by clients, so it is checked the other way round: a wider
 * schema can hand old clients values they do not handle, a narrower one only values they already do.
 */
export function kindOf(effect: Effect, direction: Direction): ChangeKind {
  if (effect === "changed") return "breaking";
  const harmful: Effect = direction === "input" ? "narrowed" : "widened";
  return effect === harmful ? "breaking" : "compatible";
}

/** A cosmetic change for each listed field whose text differs, e.g. `tool "search": description changed`. */
export function cosmeticChanges<T extends object>(
  previous: T,
  next: T,
  fields: ReadonlyArray<keyof T & string>,
  site: ChangeSite,
): ContractChange[] {
  return fields
    .filter((field) => previous[field] !== next[field])
    .map((field) => ({ kind: "cosmetic", path: `${site.path}.${field}`, message: `${site.subject}: ${field} changed` }));
}
