"use client";
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Filters } from "./filters.ts";
import { TRANSPORTS } from "./types.ts";

const TRANSPORT_LABEL: Record<(typeof TRANSPORTS)[number], string> = { stdio: "stdio", "streamable-http": "Streamable HTTP", sse: "SSE" };

/** Search as you type (debounced), and the transport, category and verified filters. */
export function FilterBar({ filters, categories, onChange }: { filters: Filters; categories: string[]; onChange: (next: Filters) => void }) {
  const [text, setText] = useState(filters.search);
  // The latest filters and callback, so a re-render of the page does not restart the debounce.
  const latest = useRef({ filters, onChange });
  latest.current = { filters, onChange };

  // The URL is the source of truth: follow it when it changes elsewhere (back button, "clear").
  useEffect(() => {
    setText((current) => (current.trim() === filters.search ? current : filters.search));
  }, [filters.search]);

  useEffect(() => {
    if (text.trim() === filters.search) return;
    const timer = setTimeout(() => latest.current.onChange({ ...latest.current.filters, search: text }), 250);
    return () => clearTimeout(timer);
  }, [text, filters.search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== filters.search) onChange({ ...filters, search: text });
  };

  return (
    <form className="mk-filters" role="search" onSubmit={submit}>
      <label className="mk-search">
        <span className="mk-sr-only">Search components</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search by name, title or description…" aria-label="Search components" />
      </label>
      <label>
        Transport
        <select value={filters.transport} onChange={(e) => onChange({ ...filters, transport: e.target.value as Filters["transport"] })}>
          <option value="">Any transport</option>
          {TRANSPORTS.map((transport) => (
            <option key={transport} value={transport}>
              {TRANSPORT_LABEL[transport]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Category
        <select value={filters.category} onChange={(e) => onChange({ ...filters, category: e.target.value })}>
          <option value="">All categories</option>
          {[...new Set([...categories, ...(filters.category ? [filters.category] : [])])].map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      </label>
      <label className="mk-check">
        <input type="checkbox" checked={filters.verified} onChange={(e) => onChange({ ...filters, verified: e.target.checked })} />
        Verified only
      </label>
    </form>
  );
}
