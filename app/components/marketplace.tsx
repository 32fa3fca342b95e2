"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC } from "../_trpc/client.ts";
import { ComponentCard } from "./component-card.tsx";
import { FilterBar } from "./filter-bar.tsx";
import { type Filters, filtersFrom, queryOf, queryStringOf } from "./filters.ts";
import { plural } from "./format.ts";

/** /components: search and filter the catalog, a page of cards at a time. */
export function Marketplace() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  // The URL is the source of truth; the local copy answers a click at once, before the URL catches up.
  const query = useSearchParams().toString();
  const [filters, setLocalFilters] = useState(() => filtersFrom(new URLSearchParams(query)));
  useEffect(() => setLocalFilters(filtersFrom(new URLSearchParams(query))), [query]);
  const list = useInfiniteQuery(
    trpc.registry.components.infiniteQueryOptions(queryOf(filters), { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const setFilters = (next: Filters) => {
    setLocalFilters(next);
    router.replace(`${pathname}${queryStringOf(next)}`, { scroll: false });
  };

  if (list.error?.data?.code === "UNAUTHORIZED") {
    return (
      <>
        <h1>Components</h1>
        <p className="notice">{list.error.message}</p>
      </>
    );
  }

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const categories = list.data?.pages[0]?.categories ?? [];
  const filtered = Boolean(filters.search || filters.transport || filters.category || filters.verified);

  return (
    <>
      <div className="mk-hero">
        <h1>Components</h1>
        <p className="lead">
          MCP servers published as versioned components. Every version is installed, started and probed under each MCP revision at publish, so you can
          see its tools, what changed and which clients it works with — then deploy it for your tenant in one step.
        </p>
      </div>

      <FilterBar filters={filters} categories={categories} onChange={setFilters} />

      {list.error ? <p className="error">Could not list components: {list.error.message}</p> : null}
      {list.isPending ? (
        <p className="empty">Loading components…</p>
      ) : items.length === 0 ? (
        <div className="mk-empty panel">
          <strong>No components match.</strong>
          {filtered ? (
            <p>
              Try fewer words or another filter, or{" "}
              <button type="button" className="mk-link" onClick={() => setFilters({ search: "", transport: "", category: "", verified: false })}>
                clear all filters
              </button>
              .
            </p>
          ) : (
            <p>
              Publish one with <code>switchyard publish ./server.json</code>.
            </p>
          )}
        </div>
      ) : (
        <>
          <p className="mk-count muted" role="status">
            {list.hasNextPage ? `${items.length}+ components` : plural(items.length, "component")}
            {filtered ? (items.length === 1 && !list.hasNextPage ? " matches" : " match") : ""}
          </p>
          <ul className="mk-grid" aria-label="Components">
            {items.map((item) => (
              <li key={item.name}>
                <ComponentCard component={item} />
              </li>
            ))}
          </ul>
          {list.hasNextPage ? (
            <div className="mk-more">
              <button type="button" className="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                {list.isFetchingNextPage ? "Loading…" : "Show more"}
              </button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
