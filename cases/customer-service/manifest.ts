import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { workspaceManifest } from "../workspace-manifest.ts";

export const CUSTOMER_SERVICE_PACKAGE = "@switchyard/case-customer-service";

/** The server.json of the case's MCP server, as the catalog publishes it. */
export function customerServiceManifest(projectRoot: string): ServerJson {
  return workspaceManifest(projectRoot, { folder: "cases/customer-service/server", title: "Customer service desk", tags: ["customer-service", "agents", "demo"] });
}
