import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./list-cursor.ts";
import { DEFAULT_LIMIT, parseListQuery } from "./read-query.ts";

describe("parseListQuery", () => {
  it("defaults to 30 a page with no filters", () => {
    expect(parseListQuery(new URLSearchParams())).toEqual({ after: undefined, limit: DEFAULT_LIMIT, search: undefined, updatedSince: undefined, version: undefined });
    expect(DEFAULT_LIMIT).toBe(30);
  });

  it("reads every parameter, ignoring ones it does not know", () => {
    const position = { name: "io.github.acme/weather", publishedAt: new Date("2026-02-01T00:00:00.000Z"), id: "row-1" };
    const params = new URLSearchParams({
      cursor: encodeCursor(position),
      limit: "100",
      search: "weather",
      updated_since: "2026-01-01T01:00:00+01:00",
      version: "latest",
      include_deleted: "true",
    });
    expect(parseListQuery(params)).toEqual({ after: position, limit: 100, search: "weather", updatedSince: new Date("2026-01-01T00:00:00Z"), version: "latest" });
  });
});

describe("list cursor", () => {
  it("round-trips a position and refuses anything else", () => {
    const position = { name: "a/b", publishedAt: new Date("2026-01-01T00:00:00.123Z"), id: "x" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor("")).toBeUndefined();
    expect(decodeCursor(Buffer.from("{}").toString("base64url"))).toBeUndefined();
    expect(decodeCursor(Buffer.from('["a/b","2026-01-01T00:00:00Z"]').toString("base64url"))).toBeUndefined();
  });
});
