import { z } from "zod";
import type { Message } from "../../agent/session-mux.ts";

/** What a subscriptions/listen request opts into (§4 of the revision); unknown keys are ignored. */
export const subscriptionFilterSchema = z.object({
  toolsListChanged: z.boolean().optional(),
  promptsListChanged: z.boolean().optional(),
  resourcesListChanged: z.boolean().optional(),
  resourceSubscriptions: z.array(z.string()).optional(),
});

export type SubscriptionFilter = z.infer<typeof subscriptionFilterSchema>;

const LIST_CHANGES = [
  ["toolsListChanged", "tools", "notifications/tools/list_changed"],
  ["promptsListChanged", "prompts", "notifications/prompts/list_changed"],
  ["resourcesListChanged", "resources", "notifications/resources/list_changed"],
] as const;

/** The part of a filter the server can honour: list changes and subscriptions it advertised. */
export function honouredFilter(filter: SubscriptionFilter, capabilities: Record<string, unknown> | undefined): SubscriptionFilter {
  const advertised = (name: string) => (capabilities?.[name] ?? {}) as Record<string, unknown>;
  const honoured: SubscriptionFilter = {};
  for (const [flag, capability] of LIST_CHANGES) if (filter[flag] === true && advertised(capability).listChanged === true) honoured[flag] = true;
  const uris = filter.resourceSubscriptions ?? [];
  if (uris.length > 0 && advertised("resources").subscribe === true) honoured.resourceSubscriptions = [...new Set(uris)];
  return honoured;
}

/** Whether a server notification is one the filter opted into. */
export function filterWants(filter: SubscriptionFilter, message: Message): boolean {
  for (const [flag, , method] of LIST_CHANGES) if (message.method === method) return filter[flag] === true;
  if (message.method !== "notifications/resources/updated") return false;
  const uri = message.params?.uri;
  return typeof uri === "string" && (filter.resourceSubscriptions ?? []).some((subscribed) => coversUri(subscribed, uri));
}

/** A subscription covers its URI and what lies under it (an update may name a sub-resource). */
function coversUri(subscribed: string, uri: string): boolean {
  return uri === subscribed || uri.startsWith(subscribed.endsWith("/") ? subscribed : `${subscribed}/`);
}
