import type { ReactNode } from "react";
import "./components.css";

/** The marketplace's styles, for the list and every component page. */
export default function ComponentsLayout({ children }: { children: ReactNode }) {
  return children;
}
