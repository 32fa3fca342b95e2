import type { ModelScriptInput } from "../../runner/agents/scripted/script.ts";

/**
 * The scripted model of the content-generation case: what a careful copywriter model would do,
 * written down so that every run is the same (rules are tried in order; see
 * runner/agents/scripted/script.ts). Flows:
 *
 * - a blog post: style guide and sources (in one step) → create_draft from the sources' facts,
 *   citing them → the draft's title, id, version and review;
 * - a social post asked to "sound revolutionary": the first draft uses the hype word, the
 *   studio's review flags it, revise_draft fixes it → version 2;
 * - a product with no sources: no draft, and why;
 * - a draft id that does not exist: the tool's error, a look at the session's drafts, an answer.
 */

/** "Write a <kind> about <product>": group 1 the kind, group 2 the product. */
const write = (kinds: string) => `write (?:a |an )?(?:short )?(${kinds})\\b.*?(?:about|announcing|for) (?:the |our )?(?:new )?([a-z0-9][\\w-]*(?: [a-z0-9][\\w-]*)*)`;
const WRITE = write("blog post|product page|newsletter|social post");

const sheet = (path: string) => `{{result.search_sources.results.0.${path}}}`;
const guide = (path: string) => `{{result.search_sources.results.1.${path}}}`;
const draft = (tool: "create_draft" | "revise_draft", path: string) => `{{result.${tool}.${path}}}`;

const SOURCES = [sheet("id"), guide("id")];

export const contentGenerationScript: ModelScriptInput = {
  id: "content-generation",
  description: "Northwind copywriter: drafts from cited sources in the brand's style, fixed when the review flags an issue.",
  fallback: "I write blog posts, product pages, newsletters and social posts about Northwind Coffee's products. Tell me what to write and about which product.",
  rules: [
    {
      id: "gather",
      when: { user: WRITE, notCalled: ["get_style_guide"] },
      then: {
        call: [
          { tool: "get_style_guide", args: {} },
          { tool: "search_sources", args: { query: "{{user.2}}", limit: 3 } },
        ],
      },
    },
    {
      id: "no-sources",
      when: { user: WRITE, called: ["search_sources"], notCalled: ["create_draft"], results: [{ tool: "search_sources", path: "results", equals: [] }] },
      then: {
        say: "I found no product facts about {{user.2}} in the studio's sources, so I haven't written a draft: the style guide wants a cited source for every product fact. Add a product sheet for {{user.2}} first, or ask me about a product we have sources on.",
      },
    },
    {
      id: "blog-post",
      when: { user: write("blog post"), called: ["get_style_guide", "search_sources"], notCalled: ["create_draft"], results: [{ tool: "search_sources", path: "results.0.id", matches: "." }] },
      then: {
        call: [
          {
            tool: "create_draft",
            args: {
              title: `Meet the ${sheet("product")}`,
              format: "blog_post",
              brief: "Announce the {{user.2}} to home brewers: what it does, what is in the box, how to use it, what it costs.",
              body: [
                `You can now make smooth cold brew at home with the new ${sheet("product")}. ${sheet("facts.0")} ${sheet("facts.1")}`,
                `## What's in the box\n\n${sheet("facts.2")} ${sheet("facts.3")}`,
                `## How to brew it\n\n${guide("facts.0")} ${guide("facts.1")} ${guide("facts.2")}`,
                `## Get yours\n\n${sheet("facts.4")} Order yours in the shop today, and your first batch is ready tomorrow morning.`,
              ].join("\n\n"),
              sources: SOURCES,
            },
          },
        ],
      },
    },
    {
      id: "social-post",
      when: { user: "social post", called: ["get_style_guide", "search_sources"], notCalled: ["create_draft"] },
      then: {
        call: [
          {
            tool: "create_draft",
            args: {
              title: `The ${sheet("product")} is here`,
              format: "social_post",
              brief: "A short launch post for social media.",
              body: `Our revolutionary ${sheet("product")} is here! ${sheet("facts.1")} ${sheet("facts.4")}`,
              sources: [sheet("id")],
            },
          },
        ],
      },
    },
    {
      id: "fix-review",
      when: { user: "social post", called: ["create_draft"], notCalled: ["revise_draft"], results: [{ tool: "create_draft", path: "review.passed", equals: false }] },
      then: {
        call: [
          {
            tool: "revise_draft",
            args: {
              draftId: draft("create_draft", "draft.id"),
              body: `Cold brew at home, made in your fridge: meet the ${sheet("product")}. ${sheet("facts.1")} ${sheet("facts.4")}`,
              note: `Review: ${draft("create_draft", "review.issues.0.message")} Said what the kit does instead.`,
            },
          },
        ],
      },
    },
    {
      id: "revised",
      when: { called: ["revise_draft"], results: [{ tool: "revise_draft", path: "review.passed", equals: true }] },
      then: {
        say: `The first version called the kit “revolutionary”, a hype word the style guide bans, so I revised it: version ${draft("revise_draft", "draft.version")} of draft ${draft("revise_draft", "draft.id")} says what the kit does instead and ${draft("revise_draft", "review.summary")}.`,
      },
    },
    {
      id: "created",
      when: { called: ["create_draft"], results: [{ tool: "create_draft", path: "review.passed", equals: true }] },
      then: {
        say: `Your draft is ready: “${draft("create_draft", "draft.title")}” (draft ${draft("create_draft", "draft.id")}, version ${draft("create_draft", "draft.version")}, ${draft("create_draft", "draft.words")} words). It ${draft("create_draft", "review.summary")}; open it below or download it as Markdown.`,
      },
    },

    // A draft that does not exist.
    { id: "open-draft", when: { user: "draft (D-[0-9a-f]{6})", notCalled: ["get_draft"] }, then: { call: [{ tool: "get_draft", args: { draftId: "{{user.1}}" } }] } },
    { id: "missing-draft-list", when: { notCalled: ["list_drafts"], results: [{ tool: "get_draft", isError: true }] }, then: { call: [{ tool: "list_drafts", args: {} }] } },
    {
      id: "missing-draft",
      when: { user: "draft (D-[0-9a-f]{6})", called: ["list_drafts"], results: [{ tool: "get_draft", isError: true }] },
      then: {
        say: "I couldn't open draft {{user.1}}: {{result.get_draft}} This session has {{result.list_drafts.count}} draft(s), so there is nothing to change yet. Tell me what to write and I'll start a new draft.",
      },
    },
  ],
};
