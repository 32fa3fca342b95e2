import { type Catalog, type McpTool, buildCatalog, fixedArgumentProblems } from "./catalog.ts";
import { type CompositionSpec, finalToolName, memberLabel, suggestPrefix } from "./composition-spec.ts";
import { matchesPattern, selectionOf } from "./tool-names.ts";

/** What one member's server listed, or why it could not be asked. */
export type MemberListing = { tools: McpTool[] } | { error: string };

export interface ReviewedMemberTool {
  name: string;
  description: string | undefined;
  /** The name the composite offers it under (also for a tool not selected: what it would be). */
  finalName: string;
  selected: boolean;
  why?: "not included" | "excluded";
  /** The tool's arguments as its schema declares them, for pinning one. */
  arguments: string[];
  required: string[];
}

export interface ReviewedMember {
  deployment: string;
  prefix: string;
  /** Why its tools are not known (not running, no capacity, ...). */
  error?: string;
  tools: ReviewedMemberTool[];
}

export interface ReviewedTool {
  name: string;
  member: number;
  deployment: string;
  originalName: string;
  description: string | undefined;
  fixedArguments: Record<string, unknown> | undefined;
  inputSchema: unknown;
}

export interface CompositionReview {
  /** The tools the gateway will offer, in order. */
  tools: ReviewedTool[];
  members: ReviewedMember[];
  /** What makes the composition unfit to save: clashing names, fixed arguments its tools do not take. */
  problems: string[];
  /** What is probably a mistake but harmless: patterns and settings that match no tool, members not reached. */
  warnings: string[];
}

/**
 * The composition against its members' live tool lists: the resulting tools exactly as the
 * gateway builds them (buildCatalog), each member's tools with what happens to them, and what
 * is wrong. The console shows it before saving, and saving refuses a composition with problems.
 */
export function reviewComposition(spec: CompositionSpec, listings: readonly MemberListing[]): CompositionReview {
  const lists = listings.map((listing) => ("tools" in listing ? listing.tools : undefined));
  const catalog = buildCatalog(spec.members, lists);
  const problems = clashProblems(spec, catalog);
  const warnings: string[] = [];
  const members = spec.members.map((member, index): ReviewedMember => {
    const listing = listings[index]!;
    const where = `member ${index + 1} (${memberLabel(member)})`;
    if ("error" in listing) {
      warnings.push(`${where}: its tools could not be listed, so they were not checked: ${listing.error}`);
      return { deployment: member.deployment, prefix: member.prefix, error: listing.error, tools: [] };
    }
    const names = listing.tools.map((tool) => tool.name);
    for (const pattern of [...(member.include ?? []), ...(member.exclude ?? [])]) {
      if (!names.some((name) => matchesPattern(name, pattern))) warnings.push(`${where}: "${pattern}" matches none of its tools`);
    }
    for (const [name, override] of Object.entries(member.tools ?? {})) {
      const tool = listing.tools.find((candidate) => candidate.name === name);
      if (!tool) {
        warnings.push(`${where}: settings for "${name}", which its server does not have`);
        continue;
      }
      if (!selectionOf(member, name).selected) warnings.push(`${where}: settings for "${name}", which it does not offer`);
      else if (override.fixedArguments) for (const problem of fixedArgumentProblems(tool, override.fixedArguments)) problems.push(`${where}: ${problem}`);
    }
    return {
      deployment: member.deployment,
      prefix: member.prefix,
      tools: listing.tools.map((tool) => {
        const selection = selectionOf(member, tool.name);
        return {
          name: tool.name,
          description: typeof tool.description === "string" ? tool.description : undefined,
          finalName: finalToolName(member, tool.name),
          selected: selection.selected,
          ...(selection.selected ? {} : { why: selection.why }),
          arguments: Object.keys(tool.inputSchema?.properties ?? {}),
          required: Array.isArray(tool.inputSchema?.required) ? tool.inputSchema.required.filter((r): r is string => typeof r === "string") : [],
        };
      }),
    };
  });
  const tools = catalog.tools.map(
    (exposed): ReviewedTool => ({
      name: exposed.name,
      member: exposed.member,
      deployment: spec.members[exposed.member]!.deployment,
      originalName: exposed.originalName,
      description: typeof exposed.tool.description === "string" ? exposed.tool.description : undefined,
      fixedArguments: exposed.fixedArguments,
      inputSchema: exposed.tool.inputSchema,
    }),
  );
  return { tools, members, problems, warnings };
}

function clashProblems(spec: CompositionSpec, catalog: Catalog): string[] {
  const prefixes = spec.members.map((member) => member.prefix);
  return catalog.clashes.map(({ name, kept, dropped }) => {
    const first = spec.members[kept.member]!;
    const second = spec.members[dropped.member]!;
    const fix =
      kept.member === dropped.member
        ? `rename one of them`
        : `give member ${dropped.member + 1} another prefix, e.g. "${suggestPrefix(second, prefixes)}", or rename one of them`;
    return `two tools would be named "${name}": ${kept.originalName} of member ${kept.member + 1} (${memberLabel(first)}) and ${dropped.originalName} of member ${dropped.member + 1} (${memberLabel(second)}) — ${fix}`;
  });
}
