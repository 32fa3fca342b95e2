import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { SERVER_SCHEMA_URL } from "../registry/manifest-schema.ts";
import { caseManifests } from "../../cases/index.ts";

/** The reference server from the MCP project, installed as one of our dependencies. */
export function everythingManifest(projectRoot: string): ServerJson {
  const require = createRequire(path.join(projectRoot, "package.json"));
  const pkg = JSON.parse(fs.readFileSync(require.resolve("@modelcontextprotocol/server-everything/package.json"), "utf8")) as {
    name: string;
    version: string;
    description: string;
    mcpName?: string;
  };
  return {
    $schema: SERVER_SCHEMA_URL,
    name: pkg.mcpName ?? "io.github.modelcontextprotocol/server-everything",
    title: "Everything",
    description: pkg.description.slice(0, 100),
    version: pkg.version,
    repository: { url: "https://github.com/modelcontextprotocol/servers", source: "github" },
    packages: [
      {
        registryType: "npm",
        identifier: pkg.name,
        version: pkg.version,
        transport: { type: "stdio" },
        packageArguments: [{ type: "positional", value: "stdio" }],
      },
    ],
    _meta: { "io.switchyard/listing": { category: "reference" } },
  };
}

/** The components that ship with the product, published at start through the normal publish path. */
export function catalogManifests(projectRoot: string): ServerJson[] {
  return [everythingManifest(projectRoot), ...caseManifests(projectRoot)];
}
