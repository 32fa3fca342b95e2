import fs from "node:fs";
import path from "node:path";
import type { ServerJson } from "../runner/protocol/server-json.ts";
import { SERVER_SCHEMA_URL } from "../server/registry/manifest-schema.ts";

/**
 * The server.json of a case's MCP server that is a workspace of the project (cases/<case>/server),
 * linked into node_modules by `npm install`, so the node agent runs it where it is. Name, version
 * and description come from the package, so a release only bumps package.json.
 */
export function workspaceManifest(projectRoot: string, options: { folder: string; title: string; tags: string[] }): ServerJson {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, options.folder, "package.json"), "utf8")) as {
    name: string;
    version: string;
    description: string;
    mcpName: string;
  };
  return {
    $schema: SERVER_SCHEMA_URL,
    name: pkg.mcpName,
    title: options.title,
    description: pkg.description,
    version: pkg.version,
    packages: [{ registryType: "npm", identifier: pkg.name, version: pkg.version, transport: { type: "stdio" } }],
    _meta: { "io.switchyard/listing": { category: "cases", tags: options.tags } },
  };
}
