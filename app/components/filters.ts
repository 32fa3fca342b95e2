import { TRANSPORTS, type Transport } from "./types.ts";

/** The list's filters, kept in the URL (?q=&transport=&category=&verified=) so a search can be shared. */
export interface Filters {
  search: string;
  transport: Transport | "";
  category: string;
  verified: boolean;
}

export function filtersFrom(params: URLSearchParams): Filters {
  const transport = params.get("transport") ?? "";
  return {
    search: params.get("q") ?? "",
    transport: (TRANSPORTS as readonly string[]).includes(transport) ? (transport as Transport) : "",
    category: params.get("category") ?? "",
    verified: params.get("verified") === "true",
  };
}

export function queryStringOf(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.search.trim()) params.set("q", filters.search.trim());
  if (filters.transport) params.set("transport", filters.transport);
  if (filters.category) params.set("category", filters.category);
  if (filters.verified) params.set("verified", "true");
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The registry query for these filters: unset ones are left out ("verified" off means any). */
export function queryOf(filters: Filters) {
  return {
    search: filters.search.trim() || undefined,
    transport: filters.transport || undefined,
    category: filters.category || undefined,
    verified: filters.verified ? true : undefined,
    limit: 24,
  };
}

/** Where a component's page is: its reverse-DNS name is the path, one segment per part. */
export function componentHref(name: string, query: Record<string, string> = {}): string {
  const path = name.split("/").map(encodeURIComponent).join("/");
  const search = new URLSearchParams(query).toString();
  return `/components/${path}${search ? `?${search}` : ""}`;
}
