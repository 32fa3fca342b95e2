import { z } from "zod";

/** Where a page of `/v0.1/servers` ended, in its sort order: server name, publish time, row id. */
export interface ListPosition {
  name: string;
  publishedAt: Date;
  id: string;
}

const encodedPosition = z.tuple([z.string(), z.iso.datetime(), z.string()]);

/** Opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.name, position.publishedAt.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): ListPosition | undefined {
  try {
    const parsed = encodedPosition.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (!parsed.success) return undefined;
    const [name, publishedAt, id] = parsed.data;
    return { name, publishedAt: new Date(publishedAt), id };
  } catch {
    return undefined;
  }
}
