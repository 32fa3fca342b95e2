import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { workspaceManifest } from "../workspace-manifest.ts";

export const DATA_ANALYSIS_PACKAGE = "@switchyard/case-data-analysis";

/** The server.json of the case's MCP server, as the catalog publishes it. */
export function dataAnalysisManifest(projectRoot: string): ServerJson {
  return workspaceManifest(projectRoot, { folder: "cases/data-analysis/server", title: "Northwind analytics", tags: ["data-analysis", "charts", "agents", "demo"] });
}
