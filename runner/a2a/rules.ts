import { z } from "zod";

/**
 * Adaptation rules: how one deployment looks on the other side of an adapter. The same rule set
 * serves both directions, keyed by the original name — an MCP tool's name when an MCP server is
 * offered as an A2A agent, an A2A skill's id when an A2A agent is offered as an MCP server.
 * Validated with zod wherever it enters (tRPC, the database); names are checked against the
 * deployment's actual tools or skills by `rulesProblems`.
 */

/** Names a skill id or tool name may take on either side: what MCP clients and A2A clients both accept. */
export const EXPOSED_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** `$text` (the message's text) or a dotted path into the message's data, e.g. `order.id`. */
const FIELD_PATH = /^(\$text|[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*)$/;

const exposedName = z.string().regex(EXPOSED_NAME, { error: "expected 1-64 letters, digits, '_', '-' or '.', e.g. lookup_order" });
const fieldPath = z.string().regex(FIELD_PATH, { error: 'expected "$text" or a dotted field path such as order.id' });

export const renderingSchema = z.enum(["auto", "text", "data"], {
  error: 'expected "auto" (text as text, structured results as data), "text" or "data"',
});
export type Rendering = z.infer<typeof renderingSchema>;

const resultPartSchema = z.strictObject({
  /** A dotted path into the tool's structured result; `$` is the whole result. */
  field: z.string().regex(/^(\$|[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*)$/, { error: 'expected "$" or a dotted field path such as forecast.today' }),
  as: z.enum(["text", "data"], { error: 'expected "text" or "data"' }).default("data"),
});

export const ruleEntrySchema = z.strictObject({
  /** The name offered instead: the skill id (MCP → A2A) or the tool name (A2A → MCP). */
  rename: exposedName.optional(),
  description: z.string().max(2000, { error: "expected at most 2000 characters" }).optional(),
  /** Not offered at all: not in the agent card / tools list, and calls to it are refused. */
  hidden: z.boolean().optional(),
  /** MCP → A2A: each tool argument and where in the A2A message it comes from. Only these are passed when set. */
  arguments: z.record(z.string().min(1).max(128), fieldPath).optional(),
  /** How a result renders; the rule set's `rendering` when unset. */
  rendering: renderingSchema.optional(),
  /** MCP → A2A: the result artifact's parts, each one field of the tool's structured result. */
  resultParts: z.array(resultPartSchema).min(1).max(32).optional(),
});
export type RuleEntry = z.infer<typeof ruleEntrySchema>;

export const a2aRulesSchema = z
  .strictObject({
    /** By original name (MCP tool name or A2A skill id). */
    entries: z.record(z.string().min(1).max(256), ruleEntrySchema).default({}),
    /** MCP → A2A: the skill (as offered, after renames) that a message naming none runs. */
    defaultSkill: exposedName.optional(),
    rendering: renderingSchema.default("auto"),
  })
  .superRefine((rules, context) => {
    const offered = new Map<string, string>();
    for (const [original, entry] of Object.entries(rules.entries)) {
      if (entry.hidden || !entry.rename) continue;
      const other = offered.get(entry.rename);
      if (other !== undefined) context.addIssue({ code: "custom", path: ["entries", original, "rename"], message: `"${entry.rename}" is already the new name of "${other}"; pick another` });
      offered.set(entry.rename, original);
    }
  });
export type A2aRules = z.infer<typeof a2aRulesSchema>;

export const NO_RULES: A2aRules = { entries: {}, rendering: "auto" };

/** Parses stored rules; rules that no longer parse are reported and not applied. */
export function parseRules(value: unknown): { ok: true; rules: A2aRules } | { ok: false; problems: RuleProblem[] } {
  if (value === null || value === undefined) return { ok: true, rules: NO_RULES };
  const parsed = a2aRulesSchema.safeParse(value);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
}

export interface RuleProblem {
  path: string;
  message: string;
}

/** One name as offered on the other side, and the original it stands for. */
export interface Exposed<T> {
  original: string;
  name: string;
  description: string | undefined;
  entry: RuleEntry | undefined;
  item: T;
}

/** The items offered after the rules: hidden ones left out, renamed ones under their new name. */
export function expose<T>(rules: A2aRules, items: readonly T[], nameOf: (item: T) => string, descriptionOf: (item: T) => string | undefined): Array<Exposed<T>> {
  const exposed: Array<Exposed<T>> = [];
  for (const item of items) {
    const original = nameOf(item);
    const entry = rules.entries[original];
    if (entry?.hidden) continue;
    exposed.push({ original, name: entry?.rename ?? original, description: entry?.description ?? descriptionOf(item), entry, item });
  }
  return exposed;
}

/** The rendering an entry's results get. */
export function renderingOf(rules: A2aRules, entry: RuleEntry | undefined): Rendering {
  return entry?.rendering ?? rules.rendering;
}

/**
 * What is wrong with a rule set for a deployment whose tools (or skills) are `names`: entries
 * for names it does not have, renames onto another offered name, a default skill it does not
 * offer. Empty when the rules fit.
 */
export function rulesProblems(rules: A2aRules, names: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const known = new Set(names);
  const listed = names.length > 0 ? names.slice(0, 20).join(", ") + (names.length > 20 ? ", …" : "") : "none";
  for (const original of Object.keys(rules.entries)) {
    if (!known.has(original)) problems.push({ path: `entries.${original}`, message: `there is no tool or skill named "${original}"; the names are ${listed}` });
  }
  const offered = expose(rules, names, (name) => name, () => undefined);
  const seen = new Map<string, string>();
  for (const item of offered) {
    const before = seen.get(item.name);
    if (before !== undefined) {
      // Whichever of the two was renamed onto the other's name is the one to change.
      const renamed = item.entry?.rename ? item.original : before;
      const other = renamed === before ? item.original : before;
      problems.push({ path: `entries.${renamed}.rename`, message: `"${item.name}" is already offered (by "${other}"); pick another name` });
    }
    seen.set(item.name, item.original);
  }
  if (rules.defaultSkill !== undefined && !seen.has(rules.defaultSkill)) {
    problems.push({ path: "defaultSkill", message: `"${rules.defaultSkill}" is not offered; expected one of ${[...seen.keys()].slice(0, 20).join(", ") || "none"}` });
  }
  return problems;
}
