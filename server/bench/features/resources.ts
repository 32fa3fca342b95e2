import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { z } from "zod";
import { type ContentView, viewContent } from "../results/content-view.ts";
import { listAll } from "./lenient-page.ts";

export interface BenchResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface BenchTemplate {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** The template's variables, in order, or the reason it cannot be expanded. */
  variables: string[] | { problem: string };
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function describe(item: Record<string, unknown>) {
  return {
    ...(str(item.title) ? { title: str(item.title) } : {}),
    ...(str(item.description) ? { description: str(item.description) } : {}),
    ...(str(item.mimeType) ? { mimeType: str(item.mimeType) } : {}),
  };
}

export async function listResources(client: Client): Promise<{ resources: BenchResource[]; truncated: boolean }> {
  const { items, truncated } = await listAll(client, "resources/list", "resources");
  return {
    truncated,
    resources: items.filter((r) => typeof r.uri === "string").map((r) => ({ uri: r.uri as string, name: str(r.name) ?? (r.uri as string), ...describe(r) })),
  };
}

export async function listTemplates(client: Client): Promise<{ templates: BenchTemplate[]; truncated: boolean }> {
  const { items, truncated } = await listAll(client, "resources/templates/list", "resourceTemplates");
  return {
    truncated,
    templates: items
      .filter((t) => typeof t.uriTemplate === "string")
      .map((t) => ({ uriTemplate: t.uriTemplate as string, name: str(t.name) ?? (t.uriTemplate as string), ...describe(t), variables: templateVariables(t.uriTemplate as string) })),
  };
}

/** The variables of an RFC 6570 URI template, or why it is not one. */
export function templateVariables(template: string): string[] | { problem: string } {
  try {
    return new UriTemplate(template).variableNames;
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** The URI a template gives for these values. */
export function expandTemplate(template: string, values: Record<string, string>): string {
  return new UriTemplate(template).expand(values);
}

const readResult = z.looseObject({ contents: z.array(z.unknown()) });

/** A resource's contents, each shown like an embedded resource (text, or a blob to preview or download). */
export async function readResource(client: Client, uri: string): Promise<ContentView[]> {
  const reply = await client.request({ method: "resources/read", params: { uri } }, readResult);
  return reply.contents.map((contents) => viewContent({ type: "resource", resource: contents }));
}
