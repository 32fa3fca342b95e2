import { z } from "zod";
import type { TransportKind } from "../session/connection-spec.ts";
import { type ImportResult, type ImportedEntry, jsonPath } from "./imported-entry.ts";

/**
 * Server entries of the mcp.json files common MCP clients keep: Claude Desktop and Cursor
 * (`mcpServers`), VS Code (`servers`, or `mcp.servers` in settings.json). An entry either runs a
 * command (command/args/env/cwd) or names a URL (url/headers, with `type` sse, http or ws).
 */
const stringMap = z.record(z.string(), z.string({ error: "expected a string value" }), { error: "expected an object of string values" });

const entrySchema = z
  .object({
    type: z.string({ error: "expected a string, e.g. stdio, http or sse" }).optional(),
    transport: z.string({ error: "expected a string, e.g. sse" }).optional(),
    command: z.string({ error: "expected the program to run as a string, e.g. npx" }).optional(),
    args: z.array(z.string({ error: "expected each argument as a string" }), { error: "expected an array of strings" }).optional(),
    env: stringMap.optional(),
    cwd: z.string({ error: "expected a directory as a string" }).optional(),
    url: z.string({ error: "expected a URL as a string" }).optional(),
    serverUrl: z.string({ error: "expected a URL as a string" }).optional(),
    headers: stringMap.optional(),
    disabled: z.boolean().optional(),
  })
  .loose()
  .superRefine((entry, ctx) => {
    if (!entry.command && !entry.url && !entry.serverUrl) ctx.addIssue({ code: "custom", message: "expected either command (a local program) or url (a remote server)" });
    if (entry.command && (entry.url || entry.serverUrl)) ctx.addIssue({ code: "custom", message: "expected either command or url, not both" });
  });

const serversSchema = z.record(z.string(), entrySchema, { error: "expected an object of servers by name" });

type Entry = z.infer<typeof entrySchema>;

const TRANSPORT_BY_TYPE: Record<string, TransportKind> = {
  http: "streamable-http",
  "streamable-http": "streamable-http",
  streamablehttp: "streamable-http",
  sse: "sse",
  ws: "websocket",
  websocket: "websocket",
};

/** Parses mcp.json text; an error names the JSON path and what was expected there. */
export function parseMcpJson(text: string): ImportResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, path: "(file)", message: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, path: "(top level)", message: "expected an object with mcpServers (Claude Desktop, Cursor) or servers (VS Code)" };
  const record = value as Record<string, unknown>;
  const [key, servers, prefix] =
    "mcpServers" in record ? (["mcpServers", record.mcpServers, ["mcpServers"]] as const) : "servers" in record ? (["servers", record.servers, ["servers"]] as const) : "mcp" in record ? (["mcp.servers", (record.mcp as { servers?: unknown })?.servers, ["mcp", "servers"]] as const) : ([null, null, []] as const);
  if (key === null) return { ok: false, path: "(top level)", message: "expected mcpServers (Claude Desktop, Cursor) or servers (VS Code)" };
  const parsed = serversSchema.safeParse(servers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, path: jsonPath([...prefix, ...issue.path]), message: issue.message };
  }
  const entries = Object.entries(parsed.data).map(([name, entry]) => toEntry(name, `${key}.${name}`, entry));
  if (entries.length === 0) return { ok: false, path: key, message: "expected at least one server" };
  return { ok: true, format: key === "mcpServers" ? "mcp.json (mcpServers: Claude Desktop, Cursor)" : "mcp.json (servers: VS Code)", entries };
}

function toEntry(name: string, path: string, entry: Entry): ImportedEntry {
  const notes: string[] = [];
  const placeholders = (values: Record<string, string>) => Object.entries(values).filter(([, v]) => /\$\{(input|env):[^}]+\}/.test(v)).map(([k]) => k);
  if (entry.disabled) notes.push("disabled in the file");
  if (entry.command) {
    const env = entry.env ?? {};
    const unfilled = placeholders(env);
    if (unfilled.length > 0) notes.push(`fill in ${unfilled.join(", ")} (the file refers to inputs or variables)`);
    notes.push("a local command: needs Switchyard in local mode");
    return { name, path, target: { kind: "stdio", command: { command: entry.command, args: entry.args ?? [], env, ...(entry.cwd ? { cwd: entry.cwd } : {}) } }, notes };
  }
  const url = (entry.url ?? entry.serverUrl)!;
  const declared = (entry.type ?? entry.transport)?.toLowerCase();
  const transport: TransportKind = (declared && TRANSPORT_BY_TYPE[declared]) || (/^wss?:/i.test(url) ? "websocket" : /\/sse\/?$/.test(url) ? "sse" : "streamable-http");
  if (declared && !TRANSPORT_BY_TYPE[declared]) notes.push(`unknown type "${declared}": using ${transport}`);
  const headers = entry.headers ?? {};
  const unfilled = placeholders(headers);
  if (unfilled.length > 0) notes.push(`fill in ${unfilled.join(", ")} (the file refers to inputs or variables)`);
  return { name, path, target: { kind: "remote", url, transport, headers }, notes };
}
