import { OFFICIAL_META_KEY, type ServerDetail, type ServerResponse } from "./official-shapes.ts";

/** One stored version as the registry lists it. */
export interface VersionRow {
  manifest: unknown;
  publishedAt: Date;
}

/**
 * The stored server.json goes out as published, `_meta` included: publisher-provided extensions
 * such as our `io.switchyard/runtime` hints are part of the document (the spec allows any
 * reverse-DNS key there) and another Switchyard reading us needs them to run the component alike.
 * What the registry itself knows goes in the response's own `_meta`. Versions are immutable and
 * never deprecated yet, so every one is active and was last updated when it was published.
 */
export function toServerResponse(row: VersionRow, isLatest: boolean): ServerResponse {
  const at = row.publishedAt.toISOString();
  return {
    server: row.manifest as ServerDetail,
    _meta: { [OFFICIAL_META_KEY]: { status: "active", publishedAt: at, updatedAt: at, isLatest } },
  };
}
