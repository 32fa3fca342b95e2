import { CONTENT_GENERATION_DEPLOYMENT, contentGenerationAgent } from "./agent.ts";
import { contentGenerationEvals } from "./evals.ts";
import { contentGenerationManifest } from "./manifest.ts";
import { contentGenerationScript } from "./script.ts";
import type { CaseDefinition } from "../case.ts";

export const contentGenerationCase: CaseDefinition = {
  id: "content-generation",
  title: "Content generation",
  summary: "A copywriter agent for a coffee brand: it reads the style guide, writes from cited product sources, fixes what the review flags, and hands over the draft as an artifact you can read and download.",
  agent: contentGenerationAgent,
  scripts: [contentGenerationScript],
  evals: contentGenerationEvals,
  deployments: [{ name: CONTENT_GENERATION_DEPLOYMENT, manifest: contentGenerationManifest }],
  goldenDir: "cases/content-generation/golden",
  docs: "cases/content-generation/README.md",
};
