import { PERSONAL_ASSISTANT_DEPLOYMENT, personalAssistantAgent } from "./agent.ts";
import { personalAssistantEvals } from "./evals.ts";
import { personalAssistantManifest } from "./manifest.ts";
import { personalAssistantScript } from "./script.ts";
import type { CaseDefinition } from "../case.ts";

export const personalAssistantCase: CaseDefinition = {
  id: "personal-assistant",
  title: "Personal assistant",
  summary: "Calendar, contacts and reminders: finds free time, moves and cancels events, sends messages — and its server asks the user through MCP elicitation before it changes anything.",
  agent: personalAssistantAgent,
  scripts: [personalAssistantScript],
  evals: personalAssistantEvals,
  deployments: [{ name: PERSONAL_ASSISTANT_DEPLOYMENT, manifest: personalAssistantManifest }],
  goldenDir: "cases/personal-assistant/golden",
  docs: "cases/personal-assistant/README.md",
};
