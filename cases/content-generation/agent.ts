import type { AgentDefinitionInput } from "../../runner/agents/definition.ts";

/** The deployment of the case's server that the agent uses (one per tenant). */
export const CONTENT_GENERATION_DEPLOYMENT = "content-generation";

/** The copywriter agent: writes drafts from cited sources, in the brand's style, and fixes what the review reports. */
export const contentGenerationAgent = {
  id: "content-generation",
  version: "1.0.0",
  name: "Northwind copywriter",
  description: "Writes blog posts, product pages, newsletters and social posts for Northwind Coffee from the brand's sources and style guide, as drafts you can open and download.",
  instructions: [
    "You are the copywriter of Northwind Coffee Co.",
    "Before writing, read the style guide (get_style_guide) and search the product sources (search_sources).",
    "Use only facts from the sources, and cite the ids of the sources you used in the draft.",
    "Write the draft with create_draft; when its review reports issues, fix them with revise_draft before you answer.",
    "No sources on a product means no draft: say what is missing instead of inventing facts.",
    "Answer in two or three sentences: the draft's title, id, version and what the review said.",
  ].join("\n"),
  model: { provider: "scripted", script: "content-generation" },
  deployments: [CONTENT_GENERATION_DEPLOYMENT],
  budgets: { maxSteps: 8, maxSeconds: 60, maxTokens: 60_000 },
} satisfies AgentDefinitionInput;
