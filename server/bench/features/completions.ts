import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";

/** What is being completed: a prompt's argument, or a resource template's variable. */
export type CompletionRef = { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string };

export interface Suggestions {
  values: string[];
  /** How many the server has in all, when it says. */
  total?: number;
  hasMore: boolean;
}

/** The spec allows at most 100 values per reply. */
export const MAX_SUGGESTIONS = 100;

const completeResult = z.looseObject({
  completion: z.looseObject({ values: z.array(z.string()), total: z.number().optional(), hasMore: z.boolean().optional() }),
});

/** The other arguments already filled in, which the server may use to narrow its suggestions. */
export function completionContext(values: Record<string, string>, argument: string): Record<string, string> | undefined {
  const filled = Object.entries(values).filter(([name, value]) => name !== argument && value !== "");
  return filled.length > 0 ? Object.fromEntries(filled) : undefined;
}

/** completion/complete for one argument as typed so far. */
export async function completeArgument(client: Client, options: { ref: CompletionRef; argument: string; value: string; values: Record<string, string>; signal?: AbortSignal }): Promise<Suggestions> {
  const context = completionContext(options.values, options.argument);
  const reply = await client.request(
    {
      method: "completion/complete",
      params: { ref: options.ref, argument: { name: options.argument, value: options.value }, ...(context ? { context: { arguments: context } } : {}) },
    },
    completeResult,
    options.signal ? { signal: options.signal } : undefined,
  );
  const { values, total, hasMore } = reply.completion;
  return { values: values.slice(0, MAX_SUGGESTIONS), ...(total !== undefined ? { total } : {}), hasMore: hasMore === true || values.length > MAX_SUGGESTIONS };
}
