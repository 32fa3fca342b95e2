import type { ImportResult } from "./imported-entry.ts";
import { parseMcpJson } from "./mcp-json.ts";
import { looksLikeServerJson, parseServerJson } from "./server-json-import.ts";

/** An mcp.json of any common client, or a registry server.json: whichever the text is. */
export function importServers(text: string): ImportResult {
  if (text.trim() === "") return { ok: false, path: "(file)", message: "expected the contents of an mcp.json or server.json" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, path: "(file)", message: `not valid JSON: ${(error as Error).message}` };
  }
  return looksLikeServerJson(value) ? parseServerJson(value) : parseMcpJson(text);
}
