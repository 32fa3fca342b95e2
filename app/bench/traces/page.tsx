import type { Metadata } from "next";
import { TraceList } from "./trace-list.tsx";
import "../bench.css";

export const metadata: Metadata = { title: "Traces · Switchyard" };

export default function TracesPage() {
  return <TraceList />;
}
