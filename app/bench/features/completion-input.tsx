"use client";
import { useEffect, useRef, useState } from "react";
import "../protocol.css";
import type { Suggestions } from "../../../server/bench/features/completions.ts";

/** How long typing must pause before completion/complete is asked. */
const DEBOUNCE_MS = 200;

type State = { status: "idle" } | { status: "asking" } | { status: "ready"; suggestions: Suggestions } | { status: "failed"; message: string };

/**
 * A text input that offers the server's completions as the user types (a combobox: arrows move,
 * Enter picks, Escape closes). Without `complete` it is a plain input.
 */
export function CompletionInput(props: { id: string; value: string; onChange: (value: string) => void; complete?: (value: string, signal: AbortSignal) => Promise<Suggestions> }) {
  const { id, value, onChange, complete } = props;
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ status: "idle" });
  const [active, setActive] = useState(-1);
  const asked = useRef<AbortController | null>(null);
  // The latest `complete` (it closes over the other arguments) without re-asking on every render.
  const completeRef = useRef(complete);
  completeRef.current = complete;
  const enabled = complete !== undefined;

  useEffect(() => {
    if (!enabled || !open) return;
    const timer = setTimeout(() => {
      asked.current?.abort();
      const abort = new AbortController();
      asked.current = abort;
      setState({ status: "asking" });
      completeRef.current!(value, abort.signal).then(
        (suggestions) => {
          if (abort.signal.aborted) return;
          setState({ status: "ready", suggestions });
          setActive(-1);
        },
        (error: unknown) => {
          if (!abort.signal.aborted) setState({ status: "failed", message: error instanceof Error ? error.message : String(error) });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [enabled, open, value]);
  useEffect(() => () => asked.current?.abort(), []);

  if (!complete) return <input id={id} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" />;
  const values = state.status === "ready" ? state.suggestions.values : [];
  const listId = `${id}-suggestions`;
  const pick = (picked: string) => {
    onChange(picked);
    setOpen(false);
  };
  const shown = open && (state.status === "ready" || state.status === "failed");
  return (
    <div className="completion">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown && values.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        value={value}
        autoComplete="off"
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "Escape") return setOpen(false);
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            if (!open) return setOpen(true);
            if (values.length === 0) return;
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((a) => (a + step + values.length) % values.length);
          }
          if (e.key === "Enter" && open && active >= 0 && values[active] !== undefined) {
            e.preventDefault();
            pick(values[active]!);
          }
        }}
      />
      {shown && state.status === "failed" ? (
        <span className="error small-print" role="alert">
          completion/complete failed: {state.message}
        </span>
      ) : null}
      {shown && state.status === "ready" ? (
        values.length === 0 ? (
          <span className="muted small-print">no suggestions</span>
        ) : (
          <ul className="completion-list" role="listbox" id={listId} aria-label="Suggestions">
            {values.map((suggestion, index) => (
              <li
                key={suggestion}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? "active" : undefined}
                // Picked before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(suggestion);
                }}
              >
                {suggestion}
              </li>
            ))}
            {state.suggestions.hasMore ? <li className="muted small-print">{state.suggestions.total !== undefined ? `${state.suggestions.total - values.length} more` : "more"}: keep typing</li> : null}
          </ul>
        )
      ) : null}
    </div>
  );
}
