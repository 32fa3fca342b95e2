import { z } from "zod";
import { isGlob, selectionOf } from "./tool-names.ts";

/**
 * A composite deployment: several of a tenant's deployments offered as one MCP server. Each
 * member names a deployment, a prefix put before its tools' names (so two servers' `search`
 * become `gh_search` and `jira_search`), which tools it offers, and per tool a new name, a new
 * description and arguments fixed by the composite (injected into every call, hidden from the
 * advertised schema). This one schema validates the console's input, the stored JSON and what
 * the gateway reads back.
 */

export const MAX_MEMBERS = 16;

export const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const PREFIX = /^[A-Za-z0-9_-]{0,32}$/;
/** What MCP 2025-11-25 allows in a tool name; a rename must keep to it. */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

const deploymentName = z
  .string({ error: "expected the name of one of your deployments, e.g. everything" })
  .regex(DEPLOYMENT_NAME, { error: "expected the name of one of your deployments, e.g. everything (letters, digits, _ and -)" });

const prefix = z
  .string({ error: 'expected a prefix for this member\'s tool names, e.g. "gh_"' })
  .regex(PREFIX, { error: 'expected a prefix of at most 32 letters, digits, _ or -, e.g. "gh_"' });

const pattern = z
  .string({ error: "expected a tool name or a glob such as get-*" })
  .trim()
  .min(1, { error: "expected a tool name or a glob such as get-*" })
  .max(128, { error: "expected at most 128 characters" });

/** Any JSON value: what a fixed argument may be. */
const jsonValue = z.unknown().refine(isJson, { error: "expected a JSON value: a string, number, boolean, null, array or object" });

function isJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isJson);
  return false;
}

/** The message for an object with keys it does not know, or that is no object at all. */
function objectError(expected: string, keys: string) {
  return (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `unknown setting ${issue.keys?.map((key) => `"${key}"`).join(", ")}: expected ${keys}` : `expected ${expected}`;
}

const toolOverride = z
  .strictObject(
    {
      name: z
        .string({ error: "expected the tool's new name, e.g. search_issues" })
        .regex(TOOL_NAME, { error: "expected a tool name of 1 to 128 letters, digits, _, - or ." })
        .optional(),
      description: z.string({ error: "expected a description (text)" }).max(4000, { error: "expected at most 4000 characters" }).optional(),
      fixedArguments: z
        .record(z.string().min(1, { error: "expected an argument name" }).max(128), jsonValue, {
          error: 'expected an object of argument values, e.g. {"owner": "acme"}',
        })
        .refine((value) => Object.keys(value).length <= 64, { error: "expected at most 64 fixed arguments" })
        .optional(),
    },
    { error: objectError("{ name?, description?, fixedArguments? }", "name, description or fixedArguments") },
  );

export const compositionMemberSchema = z.strictObject(
  {
    deployment: deploymentName,
    prefix: prefix.default(""),
    include: z.array(pattern).max(256, { error: "expected at most 256 patterns" }).optional(),
    exclude: z.array(pattern).max(256, { error: "expected at most 256 patterns" }).optional(),
    tools: z
      .record(z.string().min(1, { error: "expected a tool name" }).max(128), toolOverride, { error: "expected an object keyed by the tools' original names" })
      .refine((value) => Object.keys(value).length <= 256, { error: "expected at most 256 tool settings" })
      .optional(),
  },
  { error: objectError("a member: { deployment, prefix?, include?, exclude?, tools? }", "deployment, prefix, include, exclude or tools") },
);

export const compositionMembersSchema = z
  .array(compositionMemberSchema, { error: "expected a list of members" })
  .min(1, { error: "expected at least one member deployment" })
  .max(MAX_MEMBERS, { error: `expected at most ${MAX_MEMBERS} members` });

/** Adds an issue for each clash found without the tools (see staticClashes), at its member's field. */
export function refineClashes(spec: { members: CompositionMember[] }, ctx: z.RefinementCtx): void {
  for (const clash of staticClashes(spec.members)) ctx.addIssue({ code: "custom", path: clash.path, message: clash.message });
}

export const compositionSpecSchema = z
  .strictObject({ members: compositionMembersSchema }, { error: objectError("a composition: { members: [...] }", "members") })
  .superRefine(refineClashes);

export type CompositionMember = z.output<typeof compositionMemberSchema>;
export type CompositionSpec = { members: CompositionMember[] };
export type ToolOverride = NonNullable<CompositionMember["tools"]>[string];

/** How people name a member in messages: its deployment and, when it has one, its prefix. */
export function memberLabel(member: Pick<CompositionMember, "deployment" | "prefix">): string {
  return member.prefix ? `${member.deployment} (prefix "${member.prefix}")` : member.deployment;
}

/** The name a member's tool is offered under: the prefix, then its new name or its own. */
export function finalToolName(member: Pick<CompositionMember, "prefix" | "tools">, originalName: string): string {
  return member.prefix + (member.tools?.[originalName]?.name ?? originalName);
}

/** A prefix to suggest for a member whose tools clash with those of `other`. */
export function suggestPrefix(member: Pick<CompositionMember, "deployment">, taken: readonly string[]): string {
  const base = member.deployment.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 28);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? `${base}_` : `${base}${n}_`;
    if (!taken.includes(candidate)) return candidate;
  }
  return `${base}_x_`;
}

interface StaticClash {
  path: (string | number)[];
  message: string;
}

/**
 * Clashes visible without asking the servers for their tools: two members taking the same
 * deployment's tools under the same prefix (every tool would clash), and names that two members
 * would both offer for sure — the literal names of an include list, and renames. The rest can
 * only be found once the tools are listed (see catalog.ts).
 */
export function staticClashes(members: readonly CompositionMember[]): StaticClash[] {
  const clashes: StaticClash[] = [];
  const prefixes = members.map((member) => member.prefix);
  const reported = new Set<number>();
  for (let j = 0; j < members.length; j++) {
    const later = members[j]!;
    for (let i = 0; i < j; i++) {
      const earlier = members[i]!;
      if (earlier.deployment !== later.deployment || earlier.prefix !== later.prefix) continue;
      if (literalNames(earlier) && literalNames(later)) continue; // compared name by name below
      reported.add(j);
      clashes.push({
        path: ["members", j, "prefix"],
        message: `members ${i + 1} and ${j + 1} both offer deployment ${later.deployment}'s tools with the prefix "${later.prefix}", so every tool would clash: give member ${j + 1} another prefix, e.g. "${suggestPrefix(later, prefixes)}"`,
      });
      break;
    }
  }
  const owner = new Map<string, { member: number; original: string }>();
  for (const [j, member] of members.entries()) {
    if (reported.has(j)) continue;
    for (const original of sureNames(member)) {
      const name = finalToolName(member, original);
      const first = owner.get(name);
      if (!first) {
        owner.set(name, { member: j, original });
        continue;
      }
      const where = first.member === j ? `member ${j + 1}` : `members ${first.member + 1} and ${j + 1}`;
      const renamed = member.tools?.[original]?.name !== undefined;
      clashes.push({
        path: renamed ? ["members", j, "tools", original, "name"] : ["members", j, "prefix"],
        message:
          first.member === j
            ? `${where} would offer two tools named "${name}" (${first.original} and ${original}): rename one of them`
            : `${where} would both offer a tool named "${name}" (${first.original} of ${memberLabel(members[first.member]!)} and ${original} of ${memberLabel(member)}): give member ${j + 1} another prefix, e.g. "${suggestPrefix(member, prefixes)}", or rename the tool`,
      });
    }
  }
  return clashes;
}

/** The include list when it names tools literally (no globs), else undefined. */
function literalNames(member: CompositionMember): string[] | undefined {
  if (member.include === undefined || member.include.some(isGlob)) return undefined;
  return member.include;
}

/** Original names the member is sure to offer if its server has them. */
function sureNames(member: CompositionMember): string[] {
  const candidates = literalNames(member) ?? Object.entries(member.tools ?? {}).filter(([, o]) => o.name !== undefined).map(([name]) => name);
  return [...new Set(candidates)].filter((name) => selectionOf(member, name).selected);
}
