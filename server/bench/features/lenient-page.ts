import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";

/** Pages followed at most, so a server that always returns a cursor cannot loop the bench. */
export const MAX_PAGES = 50;

/**
 * Every item of a paginated list (resources/list, prompts/list…), read leniently: items the SDK's
 * schemas would refuse are kept for the caller to show, instead of failing the whole list.
 */
export async function listAll(client: Client, method: string, field: string): Promise<{ items: Record<string, unknown>[]; truncated: boolean }> {
  const page = z.looseObject({ [field]: z.array(z.unknown()), nextCursor: z.string().optional() });
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const reply = (await client.request({ method, params: cursor ? { cursor } : {} }, page)) as Record<string, unknown> & { nextCursor?: string };
    for (const item of reply[field] as unknown[]) items.push(typeof item === "object" && item !== null ? (item as Record<string, unknown>) : { invalid: item });
    cursor = reply.nextCursor;
    if (!cursor) return { items, truncated: false };
  }
  return { items, truncated: true };
}
