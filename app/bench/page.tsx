import type { Metadata } from "next";
import { Suspense } from "react";
import { BenchApp } from "./bench-app.tsx";
import "./bench.css";

export const metadata: Metadata = { title: "Bench · Switchyard" };

export default function BenchPage() {
  // The app reads ?deployment= from the URL, which needs a Suspense boundary in a static page.
  return (
    <Suspense fallback={<p className="empty">Loading the bench…</p>}>
      <BenchApp />
    </Suspense>
  );
}
