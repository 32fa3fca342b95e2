"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

export const TABS = ["readme", "contract", "versions", "compatibility", "diff", "deploy"] as const;
export type Tab = (typeof TABS)[number];

export interface DetailState {
  tab: Tab;
  /** The version the page shows; unset means the newest. */
  version?: string;
  from?: string;
  to?: string;
}

/** The component page's state lives in its URL, so a tab, a version or a diff can be linked to. */
export function useDetailState(): [DetailState, (patch: Partial<DetailState>) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  // The URL is the source of truth; the local copy answers a click at once, before the URL catches up.
  const [state, setState] = useState(() => stateFrom(new URLSearchParams(query)));
  useEffect(() => setState(stateFrom(new URLSearchParams(query))), [query]);
  const update = (patch: Partial<DetailState>) => {
    const next = { ...state, ...patch };
    const search = new URLSearchParams();
    if (next.version) search.set("version", next.version);
    if (next.tab !== "readme") search.set("tab", next.tab);
    if (next.tab === "diff" && next.from) search.set("from", next.from);
    if (next.tab === "diff" && next.to) search.set("to", next.to);
    setState(next);
    const text = search.toString();
    router.replace(`${pathname}${text ? `?${text}` : ""}`, { scroll: false });
  };
  return [state, update];
}

function stateFrom(params: URLSearchParams): DetailState {
  const tab = params.get("tab");
  return {
    tab: (TABS as readonly string[]).includes(tab ?? "") ? (tab as Tab) : "readme",
    version: params.get("version") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
  };
}
