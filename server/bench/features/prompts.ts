import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";
import { listAll } from "./lenient-page.ts";

export interface PromptArgument {
  name: string;
  description?: string;
  required: boolean;
}

export interface BenchPrompt {
  name: string;
  title?: string;
  description?: string;
  arguments: PromptArgument[];
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export async function listPrompts(client: Client): Promise<{ prompts: BenchPrompt[]; truncated: boolean }> {
  const { items, truncated } = await listAll(client, "prompts/list", "prompts");
  return {
    truncated,
    prompts: items
      .filter((p) => typeof p.name === "string")
      .map((p) => ({
        name: p.name as string,
        ...(str(p.title) ? { title: str(p.title) } : {}),
        ...(str(p.description) ? { description: str(p.description) } : {}),
        arguments: (Array.isArray(p.arguments) ? p.arguments : [])
          .filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null && typeof (a as Record<string, unknown>).name === "string")
          .map((a) => ({ name: a.name as string, ...(str(a.description) ? { description: str(a.description) } : {}), required: a.required === true })),
      })),
  };
}

export interface PromptMessage {
  role: string;
  content: unknown;
}

const getResult = z.looseObject({ description: z.string().optional(), messages: z.array(z.looseObject({ role: z.unknown(), content: z.unknown() })) });

/**
 * prompts/get with the arguments filled in; empty optional ones are left out, and a missing
 * required one is named before anything is sent.
 */
export async function getPrompt(client: Client, prompt: BenchPrompt, values: Record<string, string>): Promise<{ description?: string; messages: PromptMessage[] } | { missing: string[] }> {
  const missing = prompt.arguments.filter((a) => a.required && !values[a.name]).map((a) => a.name);
  if (missing.length) return { missing };
  const args = Object.fromEntries(prompt.arguments.filter((a) => values[a.name]).map((a) => [a.name, values[a.name]!]));
  const reply = await client.request({ method: "prompts/get", params: { name: prompt.name, arguments: args } }, getResult);
  return {
    ...(reply.description ? { description: reply.description } : {}),
    messages: reply.messages.map((m) => ({ role: typeof m.role === "string" ? m.role : "?", content: m.content })),
  };
}
