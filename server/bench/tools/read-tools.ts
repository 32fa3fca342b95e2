import { ToolSchema, type ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { schemaProblem } from "../results/schema-validator.ts";

/** A tool as the bench shows it: whatever the server sent, with what is wrong with it named. */
export interface BenchTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: ToolAnnotations;
  /** Everything that makes this definition invalid; the tool is still listed and callable. */
  problems: string[];
  raw: unknown;
}

/**
 * The tools of a tools/list reply, read one by one: a single tool with a bad schema must not
 * hide the others (the SDK's own listTools refuses the whole list), and is shown with the reason.
 */
export function readTools(raw: unknown[]): BenchTool[] {
  return raw.map((entry, index) => {
    const t = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const problems: string[] = [];
    const parsed = ToolSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) problems.push(`${issue.path.join(".") || "tool"}: ${issue.message}`);
    }
    const input = schemaProblem(t.inputSchema);
    if (input && t.inputSchema !== undefined) problems.push(`inputSchema is not valid JSON Schema: ${input}`);
    if (t.outputSchema !== undefined) {
      const output = schemaProblem(t.outputSchema);
      if (output) problems.push(`outputSchema is not valid JSON Schema: ${output}`);
    }
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
      name: str(t.name) ?? `(unnamed tool #${index + 1})`,
      ...(str(t.title) ? { title: str(t.title) } : {}),
      ...(str(t.description) ? { description: str(t.description) } : {}),
      inputSchema: t.inputSchema,
      ...(t.outputSchema !== undefined ? { outputSchema: t.outputSchema } : {}),
      ...(parsed.success && parsed.data.annotations ? { annotations: parsed.data.annotations } : {}),
      problems: [...new Set(problems)],
      raw: entry,
    };
  });
}

export interface AnnotationBadge {
  label: string;
  tone: "safe" | "risky" | "neutral";
  title: string;
}

/**
 * The hints a tool declares, as badges; only the ones it states (the spec's defaults —
 * destructive, open world — are assumptions, not claims). Hints are not guarantees.
 */
export function annotationBadges(annotations: ToolAnnotations | undefined): AnnotationBadge[] {
  if (!annotations) return [];
  const badges: AnnotationBadge[] = [];
  if (annotations.readOnlyHint === true) badges.push({ label: "read-only", tone: "safe", title: "readOnlyHint: does not modify its environment" });
  if (annotations.readOnlyHint === false) badges.push({ label: "writes", tone: "neutral", title: "readOnlyHint: false — may modify its environment" });
  if (annotations.destructiveHint === true && annotations.readOnlyHint !== true) badges.push({ label: "destructive", tone: "risky", title: "destructiveHint: may delete or overwrite" });
  if (annotations.destructiveHint === false && annotations.readOnlyHint !== true) badges.push({ label: "additive", tone: "safe", title: "destructiveHint: false — only adds" });
  if (annotations.idempotentHint === true) badges.push({ label: "idempotent", tone: "safe", title: "idempotentHint: calling again with the same arguments has no further effect" });
  if (annotations.openWorldHint === true) badges.push({ label: "open world", tone: "neutral", title: "openWorldHint: reaches outside systems" });
  if (annotations.openWorldHint === false) badges.push({ label: "closed world", tone: "safe", title: "openWorldHint: false — stays within its own domain" });
  return badges;
}
