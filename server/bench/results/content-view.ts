/**
 * How the bench shows each content block of a tool result (or a resource's contents): decided
 * here, as data, so the rules — which MIME types play inline, which links are clickable, when a
 * big text is cut — are tested without a browser. Nothing the server sends is rendered as HTML.
 */

/** Characters of text shown inline; the rest is one click away (download). */
export const INLINE_TEXT_LIMIT = 100_000;

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/svg+xml"]);
const AUDIO_TYPES = new Set(["audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/mp3", "audio/ogg", "audio/webm", "audio/flac", "audio/aac", "audio/mp4"]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type ContentView =
  | { kind: "text"; text: string; truncated: boolean; /** The whole text, when `text` is cut. */ full?: string; /** Pretty-printed, when the text is a JSON object or array. */ json?: string }
  | { kind: "image"; src: string; mimeType: string; bytes: number }
  | { kind: "audio"; src: string; mimeType: string; bytes: number }
  | { kind: "resource-text"; uri: string; mimeType?: string; text: string; truncated: boolean; full?: string; json?: string }
  | { kind: "resource-blob"; uri: string; mimeType?: string; bytes: number; download: string; preview?: "image" | "audio" }
  | { kind: "link"; uri: string; name: string; title?: string; description?: string; mimeType?: string; /** Only http(s) links are clickable. */ href?: string }
  | { kind: "unsupported"; reason: string };

type Block = Record<string, unknown>;

export function viewContent(block: unknown): ContentView {
  if (typeof block !== "object" || block === null) return { kind: "unsupported", reason: "the content block is not an object" };
  const b = block as Block;
  switch (b.type) {
    case "text":
      return typeof b.text === "string" ? textView(b.text) : { kind: "unsupported", reason: "a text block without text" };
    case "image":
    case "audio":
      return mediaView(b, b.type);
    case "resource":
      return resourceView(b.resource);
    case "resource_link":
      return linkView(b);
    default:
      return { kind: "unsupported", reason: `unknown content type ${JSON.stringify(b.type)}` };
  }
}

function textView(text: string): Extract<ContentView, { kind: "text" }> {
  const truncated = text.length > INLINE_TEXT_LIMIT;
  const json = truncated ? undefined : prettyJson(text);
  return { kind: "text", text: truncated ? text.slice(0, INLINE_TEXT_LIMIT) : text, truncated, ...(truncated ? { full: text } : {}), ...(json ? { json } : {}) };
}

function mediaView(b: Block, type: "image" | "audio"): ContentView {
  const mimeType = typeof b.mimeType === "string" ? b.mimeType.toLowerCase().split(";")[0]!.trim() : "";
  if (typeof b.data !== "string" || !BASE64.test(b.data)) return { kind: "unsupported", reason: `the ${type} data is not base64` };
  const allowed = type === "image" ? IMAGE_TYPES : AUDIO_TYPES;
  if (!allowed.has(mimeType)) return { kind: "unsupported", reason: `${mimeType || "no MIME type"}: not a ${type} type the browser plays inline` };
  return { kind: type, src: `data:${mimeType};base64,${b.data}`, mimeType, bytes: base64Bytes(b.data) };
}

function resourceView(resource: unknown): ContentView {
  if (typeof resource !== "object" || resource === null) return { kind: "unsupported", reason: "an embedded resource without contents" };
  const r = resource as Block;
  const uri = typeof r.uri === "string" ? r.uri : "";
  const mimeType = typeof r.mimeType === "string" ? r.mimeType : undefined;
  if (typeof r.text === "string") {
    const text = textView(r.text);
    return { kind: "resource-text", uri, ...(mimeType ? { mimeType } : {}), text: text.text, truncated: text.truncated, ...(text.full ? { full: text.full } : {}), ...(text.json ? { json: text.json } : {}) };
  }
  if (typeof r.blob === "string" && BASE64.test(r.blob)) {
    const type = (mimeType ?? "application/octet-stream").toLowerCase().split(";")[0]!.trim();
    const preview = IMAGE_TYPES.has(type) ? "image" : AUDIO_TYPES.has(type) ? "audio" : undefined;
    // A download link is always application/octet-stream: a server cannot make the page open HTML.
    return { kind: "resource-blob", uri, ...(mimeType ? { mimeType } : {}), bytes: base64Bytes(r.blob), download: `data:${preview ? type : "application/octet-stream"};base64,${r.blob}`, ...(preview ? { preview } : {}) };
  }
  return { kind: "unsupported", reason: "an embedded resource with neither text nor base64 blob" };
}

function linkView(b: Block): ContentView {
  if (typeof b.uri !== "string") return { kind: "unsupported", reason: "a resource link without a uri" };
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const href = safeHref(b.uri);
  return {
    kind: "link",
    uri: b.uri,
    name: str(b.name) ?? b.uri,
    ...(str(b.title) ? { title: str(b.title) } : {}),
    ...(str(b.description) ? { description: str(b.description) } : {}),
    ...(str(b.mimeType) ? { mimeType: str(b.mimeType) } : {}),
    ...(href ? { href } : {}),
  };
}

/** The URL itself when it is http(s); javascript:, data:, file: and the like are never links. */
export function safeHref(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}

function base64Bytes(data: string): number {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}
