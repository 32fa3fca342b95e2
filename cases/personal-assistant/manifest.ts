import type { ServerJson } from "../../runner/protocol/server-json.ts";
import { workspaceManifest } from "../workspace-manifest.ts";

export const PERSONAL_ASSISTANT_PACKAGE = "@switchyard/case-personal-assistant";

/** The server.json of the case's MCP server, as the catalog publishes it. */
export function personalAssistantManifest(projectRoot: string): ServerJson {
  return workspaceManifest(projectRoot, {
    folder: "cases/personal-assistant/server",
    title: "Personal assistant: calendar, contacts, reminders",
    tags: ["personal-assistant", "elicitation", "agents", "demo"],
  });
}
