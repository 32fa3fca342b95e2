import type { Part } from "@a2a-js/sdk";
import { dataPart, rawPart, textPart, urlPart } from "./a2a-model.ts";
import type { Rendering } from "./rules.ts";

/**
 * Content both ways: an MCP tool result as A2A parts (text → text part, structuredContent → data
 * part, image/audio/blob → raw part, resource link → url part) and A2A parts as MCP content.
 * `rendering` picks text or data where both could carry a value.
 */

export type McpContent =
  | { type: "text"; text: string }
  | { type: "image" | "audio"; data: string; mimeType: string }
  | { type: "resource"; resource: { uri: string; mimeType?: string; text?: string; blob?: string } }
  | { type: "resource_link"; uri: string; name: string; mimeType?: string; description?: string };

export interface McpToolResult {
  content?: unknown[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

export interface ResultPartRule {
  field: string;
  as: "text" | "data";
}

/** An MCP tool result as the parts of an A2A artifact (or, for an error, of a status message). */
export function resultToParts(result: McpToolResult, rendering: Rendering, resultParts?: readonly ResultPartRule[]): Part[] {
  const structured = isPlainObject(result.structuredContent) ? result.structuredContent : undefined;
  if (resultParts && structured) {
    const parts = resultParts.flatMap((rule) => {
      const value = rule.field === "$" ? structured : valueAt(structured, rule.field);
      if (value === undefined) return [];
      return [rule.as === "text" ? textPart(typeof value === "string" ? value : JSON.stringify(value), { field: rule.field }) : dataPart(value, { field: rule.field })];
    });
    if (parts.length > 0) return parts;
  }
  const texts: string[] = [];
  const others: Part[] = [];
  for (const item of result.content ?? []) {
    const part = contentToPart(item);
    if (!part) continue;
    if (part.content?.$case === "text") texts.push(part.content.value);
    else others.push(part);
  }
  switch (rendering) {
    case "text": {
      const text = texts.length > 0 ? texts : structured ? [JSON.stringify(structured, null, 2)] : [];
      return [...text.map((value) => textPart(value)), ...others];
    }
    case "data": {
      const data = structured ?? (texts.length > 0 ? { text: texts.join("\n") } : undefined);
      return [...(data ? [dataPart(data)] : []), ...others];
    }
    default:
      return [...texts.map((value) => textPart(value)), ...others, ...(structured ? [dataPart(structured)] : [])];
  }
}

function contentToPart(item: unknown): Part | undefined {
  if (!isPlainObject(item)) return undefined;
  switch (item.type) {
    case "text":
      return typeof item.text === "string" ? textPart(item.text) : undefined;
    case "image":
    case "audio":
      return typeof item.data === "string" ? rawPart(Buffer.from(item.data, "base64"), String(item.mimeType ?? "application/octet-stream")) : undefined;
    case "resource": {
      const resource = item.resource as Record<string, unknown> | undefined;
      if (!isPlainObject(resource) || typeof resource.uri !== "string") return undefined;
      const mimeType = typeof resource.mimeType === "string" ? resource.mimeType : undefined;
      if (typeof resource.blob === "string") return rawPart(Buffer.from(resource.blob, "base64"), mimeType ?? "application/octet-stream", resource.uri, { uri: resource.uri });
      if (typeof resource.text === "string") return { ...textPart(resource.text, { uri: resource.uri }), mediaType: mimeType ?? "text/plain" };
      return undefined;
    }
    case "resource_link":
      return typeof item.uri === "string" ? urlPart(item.uri, typeof item.mimeType === "string" ? item.mimeType : "", typeof item.name === "string" ? item.name : "") : undefined;
    default:
      return undefined;
  }
}

/** A2A parts as MCP content plus the structured content their data parts make. */
export function partsToContent(parts: readonly Part[], rendering: Rendering): { content: McpContent[]; structuredContent?: Record<string, unknown> } {
  const content: McpContent[] = [];
  const data: unknown[] = [];
  let index = 0;
  for (const part of parts) {
    index++;
    const body = part.content;
    if (!body) continue;
    switch (body.$case) {
      case "text":
        if (rendering !== "data") content.push({ type: "text", text: body.value });
        else data.push({ text: body.value });
        break;
      case "data":
        if (rendering === "text") content.push({ type: "text", text: JSON.stringify(body.value, null, 2) });
        else data.push(body.value);
        break;
      case "raw": {
        const mimeType = part.mediaType || "application/octet-stream";
        const base64 = Buffer.from(body.value).toString("base64");
        if (mimeType.startsWith("image/")) content.push({ type: "image", data: base64, mimeType });
        else if (mimeType.startsWith("audio/")) content.push({ type: "audio", data: base64, mimeType });
        else content.push({ type: "resource", resource: { uri: `a2a:part/${part.filename || index}`, mimeType, blob: base64 } });
        break;
      }
      case "url":
        content.push({ type: "resource_link", uri: body.value, name: part.filename || body.value, ...(part.mediaType ? { mimeType: part.mediaType } : {}) });
        break;
    }
  }
  if (data.length === 0) return { content };
  const structuredContent = data.length === 1 && isPlainObject(data[0]) ? data[0] : { parts: data };
  // MCP asks for the structured result as text too, for clients that read only content.
  content.unshift({ type: "text", text: JSON.stringify(structuredContent) });
  return { content, structuredContent };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** The value at a dotted path (`order.id`) in an object, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}
