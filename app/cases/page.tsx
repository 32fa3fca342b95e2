import type { Metadata } from "next";
import { Gallery } from "./gallery.tsx";

export const metadata: Metadata = { title: "Cases · Switchyard" };

export default function CasesPage() {
  return <Gallery />;
}
