"use client";
import { z } from "zod";
import type { TabOpen } from "./tab-strip.tsx";

/**
 * The open tabs, kept in this browser's localStorage so a reload reopens and reconnects them.
 * Secrets stay out unless the user asked: a remote tab's token and headers are kept only with
 * `remember`; hosted and local tabs need none (the bench key is stored on its own, a local
 * command's environment stays with its deployment on the server).
 */
const STORAGE_KEY = "switchyard.bench.tabs";

const transport = z.enum(["streamable-http", "sse", "websocket"]);
const stored = z.array(
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("hosted"), deployment: z.string(), revision: z.string(), transport, view: z.literal("playground").optional() }),
    z.object({
      kind: z.literal("local"),
      deployment: z.string(),
      label: z.string(),
      command: z.object({ command: z.string(), args: z.array(z.string()), envNames: z.array(z.string()), cwd: z.string().optional() }),
      revision: z.string(),
      transport,
    }),
    z.object({
      kind: z.literal("remote"),
      remember: z.boolean().optional(),
      spec: z.object({ label: z.string(), kind: z.enum(["hosted", "remote"]), url: z.string(), transport, revision: z.string(), headers: z.record(z.string(), z.string()) }),
    }),
  ]),
);

export function savedTabs(): TabOpen[] {
  try {
    const parsed = stored.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function saveTabs(tabs: readonly (TabOpen & { id?: string })[]): void {
  const kept = tabs.map(({ id: _, ...tab }) => (tab.kind === "remote" && !tab.remember ? { ...tab, spec: { ...tab.spec, headers: {} } } : tab));
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: tabs are simply not restored.
  }
}
