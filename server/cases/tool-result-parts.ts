import { z } from "zod";

/**
 * What a case page shows of a tool result besides its JSON, read from the MCP result itself and
 * never from which case or tool produced it:
 *
 * - artifacts: resources the result links to (resource_link) or embeds (resource), merged by URI —
 *   the link gives the title and file name, the embedded resource the text;
 * - a chart: `structuredContent.chart`, the chartable shape a server may declare (a bar or line
 *   chart of rows, one series per key), validated here because it comes from the server.
 */
export interface Artifact {
  uri: string;
  title: string;
  /** A safe file name for the download. */
  fileName: string;
  mimeType: string;
  description: string | null;
  /** The embedded text; null when the result only links to the resource. */
  text: string | null;
}

const MAX_ARTIFACT_CHARS = 200_000;

const resourceLink = z.object({ type: z.literal("resource_link"), uri: z.string().min(1), name: z.string(), title: z.string().optional(), description: z.string().optional(), mimeType: z.string().optional() });
const embedded = z.object({
  type: z.literal("resource"),
  resource: z.object({ uri: z.string().min(1), mimeType: z.string().optional(), text: z.string().optional() }),
});
const part = z.union([resourceLink, embedded]);
const withContent = z.object({ content: z.array(z.unknown()) });

export function artifactsOf(result: unknown): Artifact[] {
  const parsed = withContent.safeParse(result);
  if (!parsed.success) return [];
  const byUri = new Map<string, Artifact>();
  for (const raw of parsed.data.content) {
    const item = part.safeParse(raw);
    if (!item.success) continue;
    const value = item.data;
    const uri = value.type === "resource_link" ? value.uri : value.resource.uri;
    const artifact = byUri.get(uri) ?? { uri, title: uri, fileName: fileNameOf(uri, undefined), mimeType: "text/plain", description: null, text: null };
    if (value.type === "resource_link") {
      artifact.title = value.title ?? value.name;
      artifact.fileName = fileNameOf(value.name || uri, value.mimeType);
      artifact.description = value.description ?? null;
      if (value.mimeType) artifact.mimeType = value.mimeType;
    } else {
      if (value.resource.mimeType) artifact.mimeType = value.resource.mimeType;
      if (value.resource.text !== undefined) artifact.text = value.resource.text.slice(0, MAX_ARTIFACT_CHARS);
      if (!byUri.has(uri)) artifact.fileName = fileNameOf(uri, artifact.mimeType);
    }
    byUri.set(uri, artifact);
  }
  return [...byUri.values()];
}

/** The last path segment, reduced to letters, digits, dot, dash and underscore, with an extension for Markdown and text. */
function fileNameOf(nameOrUri: string, mimeType: string | undefined): string {
  const base = (nameOrUri.split(/[/\\]/).filter(Boolean).at(-1) ?? "artifact").replace(/[^\w.-]+/g, "-").replace(/^[.-]+/, "").slice(0, 80) || "artifact";
  if (/\.[a-z0-9]{1,5}$/i.test(base)) return base;
  if (mimeType === "text/markdown") return `${base}.md`;
  if (mimeType === "application/json") return `${base}.json`;
  return `${base}.txt`;
}

const cell = z.union([z.string(), z.number()]);

export const chartSchema = z.object({
  type: z.enum(["bar", "line"]),
  title: z.string().max(200).default(""),
  x: z.object({ key: z.string().min(1), label: z.string().max(80).optional() }),
  series: z.array(z.object({ key: z.string().min(1), label: z.string().max(80).optional() })).min(1).max(12),
  unit: z.string().max(20).optional(),
  data: z.array(z.record(z.string(), cell)).min(1).max(500),
});

export type Chart = z.infer<typeof chartSchema>;

/** The result's declared chart, or null when it has none or it does not fit the shape. */
export function chartOf(result: unknown): Chart | null {
  const structured = z.object({ structuredContent: z.object({ chart: z.unknown() }) }).safeParse(result);
  if (!structured.success || structured.data.structuredContent.chart === undefined) return null;
  const chart = chartSchema.safeParse(structured.data.structuredContent.chart);
  return chart.success ? chart.data : null;
}
