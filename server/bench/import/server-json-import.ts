import { z } from "zod";
import type { TransportKind } from "../session/connection-spec.ts";
import { type ImportResult, type ImportedEntry, jsonPath } from "./imported-entry.ts";

/**
 * The entries of an MCP registry server.json (schema 2025-12-11): each remote (streamable-http
 * or sse URL, with its headers) and each package (npm, pypi or oci, run the way their clients
 * run them: npx, uvx, docker) becomes something the bench can connect to.
 */
const input = z.object({
  name: z.string({ error: "expected a header or variable name" }),
  value: z.string().optional(),
  default: z.string().optional(),
  isSecret: z.boolean().optional(),
  isRequired: z.boolean().optional(),
});

const argument = z.object({
  type: z.enum(["positional", "named"], { error: "expected positional or named" }),
  name: z.string().optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  valueHint: z.string().optional(),
});

const schema = z.object({
  name: z.string({ error: "expected the server's name, e.g. io.github.acme/weather" }),
  version: z.string().optional(),
  remotes: z.array(z.object({ type: z.string({ error: "expected a transport type, e.g. streamable-http" }), url: z.string({ error: "expected a URL" }), headers: z.array(input).optional() })).optional(),
  packages: z
    .array(
      z.object({
        registryType: z.string({ error: "expected npm, pypi or oci" }),
        identifier: z.string({ error: "expected the package name" }),
        version: z.string().optional(),
        transport: z.object({ type: z.string({ error: "expected a transport type, e.g. stdio" }), url: z.string().optional() }, { error: "expected an object with type" }),
        runtimeArguments: z.array(argument).optional(),
        packageArguments: z.array(argument).optional(),
        environmentVariables: z.array(input).optional(),
      }),
    )
    .optional(),
});

type Package = NonNullable<z.infer<typeof schema>["packages"]>[number];

const REMOTE_TRANSPORTS: Record<string, TransportKind> = { "streamable-http": "streamable-http", sse: "sse" };

/** True when parsed JSON looks like a server.json rather than an mcp.json. */
export function looksLikeServerJson(value: unknown): boolean {
  return typeof value === "object" && value !== null && ("packages" in value || "remotes" in value) && !("mcpServers" in value) && !("servers" in value);
}

export function parseServerJson(value: unknown): ImportResult {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, path: jsonPath(issue.path), message: issue.message };
  }
  const manifest = parsed.data;
  const short = manifest.name.split("/").pop()!;
  const entries: ImportedEntry[] = [];
  for (const [index, remote] of (manifest.remotes ?? []).entries()) {
    const notes: string[] = [];
    const transport = REMOTE_TRANSPORTS[remote.type];
    if (!transport) {
      notes.push(`remote type "${remote.type}" is not one the bench speaks; trying streamable HTTP`);
    }
    const headers: Record<string, string> = {};
    for (const header of remote.headers ?? []) {
      headers[header.name] = header.value ?? header.default ?? "";
      if (!header.value && !header.default) notes.push(`fill in the ${header.name} header${header.isSecret ? " (secret)" : ""}`);
    }
    entries.push({ name: `${short} (remote ${index + 1})`, path: `remotes[${index}]`, target: { kind: "remote", url: remote.url, transport: transport ?? "streamable-http", headers }, notes });
  }
  for (const [index, pkg] of (manifest.packages ?? []).entries()) {
    const entry = packageEntry(pkg, `${short} (${pkg.registryType})`, `packages[${index}]`);
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) return { ok: false, path: "(top level)", message: "expected at least one entry in remotes or packages" };
  return { ok: true, format: `server.json (${manifest.name}${manifest.version ? ` ${manifest.version}` : ""})`, entries };
}

function packageEntry(pkg: Package, name: string, path: string): ImportedEntry | null {
  const notes: string[] = [];
  if (pkg.transport.type !== "stdio") {
    if (!pkg.transport.url) return null;
    notes.push(`the package serves ${pkg.transport.type} at ${pkg.transport.url} once you run it yourself`);
    return { name, path, target: { kind: "remote", url: pkg.transport.url, transport: REMOTE_TRANSPORTS[pkg.transport.type] ?? "streamable-http", headers: {} }, notes };
  }
  const values = (args: z.infer<typeof argument>[] | undefined) =>
    (args ?? []).flatMap((arg) => {
      const value = arg.value ?? arg.default;
      if (value === undefined && arg.type === "positional") notes.push(`fill in the argument ${arg.valueHint ?? arg.name ?? "(unnamed)"}`);
      if (arg.type === "named") return value === undefined ? [arg.name ?? ""] : [arg.name ?? "", value];
      return value === undefined ? [] : [value];
    });
  const runtime = values(pkg.runtimeArguments);
  const own = values(pkg.packageArguments);
  const at = pkg.version ? pkg.version : undefined;
  let command: string;
  let args: string[];
  if (pkg.registryType === "npm") [command, args] = ["npx", ["-y", ...runtime, at ? `${pkg.identifier}@${at}` : pkg.identifier, ...own]];
  else if (pkg.registryType === "pypi") [command, args] = ["uvx", [...runtime, at ? `${pkg.identifier}==${at}` : pkg.identifier, ...own]];
  else if (pkg.registryType === "oci") [command, args] = ["docker", ["run", "-i", "--rm", ...runtime, at && !pkg.identifier.includes(":") ? `${pkg.identifier}:${at}` : pkg.identifier, ...own]];
  else return null;
  const env: Record<string, string> = {};
  for (const variable of pkg.environmentVariables ?? []) {
    env[variable.name] = variable.value ?? variable.default ?? "";
    if (env[variable.name] === "" && variable.isRequired !== false) notes.push(`fill in ${variable.name}${variable.isSecret ? " (secret)" : ""}`);
  }
  notes.push("a local command: needs Switchyard in local mode");
  return { name, path, target: { kind: "stdio", command: { command, args, env } }, notes };
}
