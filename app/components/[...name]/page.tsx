import type { Metadata } from "next";
import { Suspense } from "react";
import { ComponentPage } from "../_detail/component-page.tsx";

type Params = Promise<{ name: string[] }>;

/** Names are reverse-DNS with a slash (io.github.acme/weather), so the page takes every segment. */
const nameOf = (segments: string[]) => segments.map(decoded).join("/");

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not percent-encoded after all: the registry will answer "no component named …"
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${nameOf((await params).name)} · Components · Switchyard` };
}

export default async function ComponentRoute({ params }: { params: Params }) {
  const name = nameOf((await params).name);
  // The page keeps the selected version and tab in the URL (useSearchParams): it needs a Suspense boundary.
  return (
    <Suspense fallback={<p className="empty">Loading {name}…</p>}>
      <ComponentPage name={name} />
    </Suspense>
  );
}
