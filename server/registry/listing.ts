import type { Manifest } from "./manifest-schema.ts";

/** Switchyard's listing hints in a manifest's `_meta`: `{ "category": "data", "tags": [...] }`. */
export const LISTING_META_KEY = "io.switchyard/listing";

export interface Listing {
  category?: string;
}

/** The listing hints a manifest gives, ignoring any that are not well-formed (they are optional). */
export function listingOf(manifest: Manifest): Listing {
  const hints = manifest._meta?.[LISTING_META_KEY];
  if (typeof hints !== "object" || hints === null) return {};
  const category = (hints as { category?: unknown }).category;
  return typeof category === "string" && /^[a-z0-9][a-z0-9 -]{0,39}$/.test(category) ? { category } : {};
}
