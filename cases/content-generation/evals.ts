import type { EvalSuiteInput } from "../../runner/agents/evals/suite.ts";

/**
 * What the copywriter must do, checked over its transcripts: read the style guide and the sources
 * first, cite them, fix what the review flags, and write nothing without sources.
 */
export const contentGenerationEvals: EvalSuiteInput = {
  agent: "content-generation",
  cases: [
    {
      id: "launch-post",
      description: "A blog post from the product's sources: style guide and sources first, a draft that cites them and passes the review.",
      conversation: [{ user: "Write a short blog post announcing our new Cold Brew Kit." }],
      checks: [
        { type: "first_tool", tool: "get_style_guide" },
        { type: "tool_called", tool: "search_sources", args: { query: "Cold Brew Kit" } },
        { type: "tool_called", tool: "create_draft", args: { format: "blog_post", title: "Meet the Cold Brew Kit", sources: ["src-cold-brew-kit", "src-cold-brew-guide"] } },
        { type: "tool_not_called", tool: "revise_draft" },
        { type: "response_matches", pattern: "“Meet the Cold Brew Kit” \\(draft D-[0-9A-F]{6}, version 1, \\d+ words\\)" },
        { type: "response_contains", text: "passes the style guide" },
        { type: "no_tool_errors" },
        { type: "stop_reason", reason: "completed" },
        { type: "max_tokens", max: 30_000 },
      ],
    },
    {
      id: "style-fix",
      description: "Asked for hype: the review flags “revolutionary” and the agent revises the draft before answering.",
      conversation: [{ user: "Write a social post about the Cold Brew Kit, and make it sound revolutionary!" }],
      checks: [
        { type: "tool_called", tool: "create_draft", args: { format: "social_post" } },
        { type: "tool_called", tool: "revise_draft" },
        { type: "response_matches", pattern: "version 2 of draft D-[0-9A-F]{6}" },
        { type: "response_contains", text: "passes the style guide" },
        { type: "no_tool_errors" },
      ],
    },
    {
      id: "unknown-product",
      description: "No sources on the product: no draft, and the answer says why.",
      conversation: [{ user: "Write a product page for the Moka 9000." }],
      checks: [
        { type: "tool_called", tool: "search_sources", args: { query: "Moka 9000" } },
        { type: "tool_not_called", tool: "create_draft" },
        { type: "response_contains", text: "haven't written a draft" },
        { type: "stop_reason", reason: "completed" },
      ],
    },
    {
      id: "unknown-draft",
      description: "A draft id that does not exist: the tool's error is passed on, nothing is written.",
      conversation: [{ user: "Please shorten the title of draft D-000000." }],
      checks: [
        { type: "tool_called", tool: "get_draft", args: { draftId: "D-000000" } },
        { type: "tool_called", tool: "list_drafts" },
        { type: "tool_not_called", tool: "revise_draft" },
        { type: "tool_not_called", tool: "create_draft" },
        { type: "response_contains", text: "couldn't open draft D-000000: No draft D-000000" },
        { type: "stop_reason", reason: "completed" },
      ],
    },
  ],
};
