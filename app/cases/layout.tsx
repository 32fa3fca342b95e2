import type { ReactNode } from "react";
import "./cases.css";

/** The case gallery's styles, for the list and every case page. */
export default function CasesLayout({ children }: { children: ReactNode }) {
  return children;
}
