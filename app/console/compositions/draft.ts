import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/trpc/root.ts";

export type CompositionView = inferRouterOutputs<AppRouter>["compositions"]["list"][number];
export type Review = inferRouterOutputs<AppRouter>["compositions"]["preview"];
type MemberInput = inferRouterInputs<AppRouter>["compositions"]["create"]["members"][number];

/** One tool's settings as the form holds them: text fields, the fixed arguments as JSON text. */
export interface DraftTool {
  name: string;
  description: string;
  fixed: string;
}

/** One member as the form holds it; patterns as comma-separated text. */
export interface DraftMember {
  /** Keeps React's rows apart while members are added and removed. */
  key: number;
  deployment: string;
  prefix: string;
  include: string;
  exclude: string;
  tools: Record<string, DraftTool>;
}

let nextKey = 1;

export function emptyMember(): DraftMember {
  return { key: nextKey++, deployment: "", prefix: "", include: "", exclude: "", tools: {} };
}

export function draftOf(view: CompositionView): DraftMember[] {
  return view.composition.members.map((member) => ({
    key: nextKey++,
    deployment: member.deployment,
    prefix: member.prefix,
    include: (member.include ?? []).join(", "),
    exclude: (member.exclude ?? []).join(", "),
    tools: Object.fromEntries(
      Object.entries(member.tools ?? {}).map(([name, tool]) => [
        name,
        { name: tool.name ?? "", description: tool.description ?? "", fixed: tool.fixedArguments ? JSON.stringify(tool.fixedArguments) : "" },
      ]),
    ),
  }));
}

const patterns = (text: string) =>
  text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * The members as the API takes them, or the first field whose text cannot be read (fixed
 * arguments that are not a JSON object); everything else is checked by the server.
 */
export function membersOf(draft: DraftMember[]): { ok: true; members: MemberInput[] } | { ok: false; field: string; message: string } {
  const members: MemberInput[] = [];
  for (const [index, member] of draft.entries()) {
    const tools: NonNullable<MemberInput["tools"]> = {};
    for (const [name, tool] of Object.entries(member.tools)) {
      const settings: NonNullable<MemberInput["tools"]>[string] = {};
      if (tool.name.trim()) settings.name = tool.name.trim();
      if (tool.description.trim()) settings.description = tool.description.trim();
      if (tool.fixed.trim()) {
        let value: unknown;
        try {
          value = JSON.parse(tool.fixed);
        } catch {
          value = undefined;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          return { ok: false, field: `members.${index}.tools.${name}.fixedArguments`, message: `member ${index + 1}, ${name}: fixed arguments must be a JSON object, e.g. {"a": 10}` };
        }
        settings.fixedArguments = value as Record<string, unknown>;
      }
      if (Object.keys(settings).length > 0) tools[name] = settings;
    }
    const include = patterns(member.include);
    const exclude = patterns(member.exclude);
    members.push({
      deployment: member.deployment,
      prefix: member.prefix.trim(),
      ...(include.length > 0 ? { include } : {}),
      ...(exclude.length > 0 ? { exclude } : {}),
      ...(Object.keys(tools).length > 0 ? { tools } : {}),
    });
  }
  return { ok: true, members };
}

/** Ticks or unticks a tool: an exclusion added or taken back, or the name added to an include list. */
export function toggled(member: DraftMember, tool: string, selected: boolean, why: string | undefined): DraftMember {
  const exclude = patterns(member.exclude);
  const include = patterns(member.include);
  if (selected) return { ...member, exclude: [...exclude, tool].join(", ") };
  if (why === "excluded") return { ...member, exclude: exclude.filter((p) => p !== tool).join(", ") };
  return { ...member, include: [...include, tool].join(", ") };
}
