import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { workspaceManifest } from "../workspace-manifest.ts";

export const CONTENT_GENERATION_PACKAGE = "@switchyard/case-content-generation";

/** The server.json of the case's MCP server, as the catalog publishes it. */
export function contentGenerationManifest(projectRoot: string): ServerJson {
  return workspaceManifest(projectRoot, { folder: "cases/content-generation/server", title: "Northwind Coffee content studio", tags: ["content-generation", "artifacts", "agents", "demo"] });
}
