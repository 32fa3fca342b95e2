"use client";
import dynamic from "next/dynamic";
import type { JsonEditorProps } from "./json-editor.tsx";

/** Monaco only in the browser, loaded when first shown; a plain box holds its place meanwhile. */
export const LazyJsonEditor = dynamic<JsonEditorProps>(() => import("./json-editor.tsx"), {
  ssr: false,
  loading: () => <div className="json-editor loading">Loading editor…</div>,
});
