import type { Metadata } from "next";
import { Suspense } from "react";
import { Marketplace } from "./marketplace.tsx";

export const metadata: Metadata = { title: "Components · Switchyard" };

export default function ComponentsPage() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary in a static page.
  return (
    <Suspense fallback={<p className="empty">Loading the marketplace…</p>}>
      <Marketplace />
    </Suspense>
  );
}
