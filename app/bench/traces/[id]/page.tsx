import type { Metadata } from "next";
import { TraceView } from "../trace-view.tsx";
import "../../bench.css";

export const metadata: Metadata = { title: "Trace · Switchyard" };

export default async function TracePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TraceView id={id} />;
}
