"use client";
import { useSyncExternalStore } from "react";

/**
 * The API key the bench uses for hosted deployments, kept in this browser's localStorage.
 * Keys are stored hashed on the server, so the page cannot fetch one back: the user creates a
 * bench key (its secret is returned once, straight into this store) or pastes one.
 */
const STORAGE_KEY = "switchyard.bench.apiKey";
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveBenchKey(key: string | null): void {
  if (key === null) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, key);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the bench changing the key.
  const onStorage = (event: StorageEvent) => event.key === STORAGE_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useBenchKey(): string | null {
  return useSyncExternalStore(subscribe, read, () => null);
}

export const KEY_FORMAT = /^sy_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

/** sy_0123456789ab_… — enough to recognise the key in the API keys list. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, 15)}_…`;
}
