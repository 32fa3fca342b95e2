import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers.tsx";

export const metadata: Metadata = {
  title: "Switchyard",
  description: "Build, test, host and showcase MCP servers and the agents that use them.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden>⇄</span> Switchyard
          </Link>
          <nav>
            <Link href="/">Overview</Link>
            <Link href="/bench">Bench</Link>
            <Link href="/components">Components</Link>
            <Link href="/cases">Cases</Link>
            <Link href="/console/fleet">Fleet</Link>
            <Link href="/console/compositions">Compositions</Link>
            <Link href="/console/a2a">A2A</Link>
            <Link href="/console/keys">API keys</Link>
          </nav>
        </header>
        <Providers>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
