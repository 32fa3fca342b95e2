import fs from "node:fs";
import path from "node:path";
import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { SERVER_SCHEMA_URL } from "../../server/registry/manifest-schema.ts";

export const PERSONAL_ASSISTANT_PACKAGE = "@switchyard/case-personal-assistant";

/**
 * The server.json of the case's MCP server, as the catalog publishes it. The package is a
 * workspace of the project (cases/personal-assistant/server), linked into node_modules by
 * `npm install`, so the node agent runs it where it is.
 */
export function personalAssistantManifest(projectRoot: string): ServerJson {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, "cases/personal-assistant/server/package.json"), "utf8")) as {
    name: string;
    version: string;
    description: string;
    mcpName: string;
  };
  return {
    $schema: SERVER_SCHEMA_URL,
    name: pkg.mcpName,
    title: "Personal assistant: calendar, contacts, reminders",
    description: pkg.description,
    version: pkg.version,
    packages: [{ registryType: "npm", identifier: pkg.name, version: pkg.version, transport: { type: "stdio" } }],
    _meta: { "io.switchyard/listing": { category: "cases", tags: ["personal-assistant", "elicitation", "agents", "demo"] } },
  };
}
