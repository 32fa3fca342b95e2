// The content studio as an MCP server: read-only tools for the brand's style guide and product
// sources, and tools that write drafts. A draft is an artifact: stored by the server, served as
// the resource studio://drafts/{id}, and returned from the tools that touch it as a resource link
// plus the embedded resource (its Markdown), so a client can show or save it without another call.
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { FORMATS, Studio, StudioError } from "./studio.mjs";

const READ_ONLY = { readOnlyHint: true, openWorldHint: false, idempotentHint: true };
const WRITES_DRAFT = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };
const DRAFT_ID = z.string().regex(/^D-[0-9A-Fa-f]{6}$/, { error: "expected a draft id like D-1A2B3C" }).describe("Draft id, e.g. D-1A2B3C");
const SOURCE_IDS = z.array(z.string().min(1).max(64)).max(10).describe("Ids of the sources the draft's facts come from (search_sources)");

const draftShape = {
  draft: z.object({ id: z.string(), uri: z.string(), format: z.enum(FORMATS), title: z.string(), version: z.number(), words: z.number(), sources: z.array(z.string()) }),
  review: z.object({ passed: z.boolean(), issues: z.array(z.object({ rule: z.string(), message: z.string() })), summary: z.string() }),
};

const answer = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value });

/** StudioErrors become tool errors the agent can read and act on; anything else is a bug and propagates. */
function run(operation) {
  try {
    return operation();
  } catch (error) {
    if (error instanceof StudioError) return { content: [{ type: "text", text: error.message }], isError: true };
    throw error;
  }
}

export function createStudioServer() {
  const studio = new Studio();
  const server = new McpServer(
    { name: "content-generation", version: "1.0.0", title: "Northwind Coffee content studio" },
    {
      instructions:
        "Content studio of Northwind Coffee Co. Read the style guide and search the product sources before writing; cite the sources a draft uses; fix what the review reports with revise_draft.",
    },
  );

  /** A draft's result: structured content, a link to the draft's resource, and the resource itself. */
  const withArtifact = (view) => {
    const draft = studio.draft(view.draft.id);
    return {
      ...answer(view),
      content: [
        { type: "text", text: JSON.stringify(view) },
        {
          type: "resource_link",
          uri: view.draft.uri,
          name: `${view.draft.id}.md`,
          title: view.draft.title,
          description: `${view.draft.format.replace("_", " ")}, version ${view.draft.version}, ${view.draft.words} words`,
          mimeType: "text/markdown",
        },
        { type: "resource", resource: { uri: view.draft.uri, mimeType: "text/markdown", text: studio.markdown(draft) } },
      ],
    };
  };

  server.registerTool(
    "get_style_guide",
    {
      title: "Get the style guide",
      description: "The brand's voice, rules, banned hype words, title length and word counts per format.",
      inputSchema: {},
      outputSchema: { guide: z.record(z.string(), z.unknown()) },
      annotations: READ_ONLY,
    },
    () => run(() => answer(studio.styleGuide())),
  );

  server.registerTool(
    "search_sources",
    {
      title: "Search product sources",
      description: "Product sheets and guides whose facts a draft may use, ranked by relevance; cite their ids. No results means the studio has no facts on that topic.",
      inputSchema: {
        query: z.string().min(1).max(200).describe("A product or topic, e.g. 'Cold Brew Kit'"),
        limit: z.number().int().min(1).max(5).default(3),
      },
      outputSchema: { query: z.string(), results: z.array(z.object({ id: z.string(), product: z.string(), title: z.string(), facts: z.array(z.string()), score: z.number() })) },
      annotations: READ_ONLY,
    },
    ({ query, limit }) => run(() => answer(studio.searchSources(query, limit))),
  );

  server.registerTool(
    "create_draft",
    {
      title: "Create a draft",
      description: "Saves a new draft (Markdown body) and reviews it against the style guide. Returns the draft as a resource, with the review's issues to fix.",
      inputSchema: {
        title: z.string().min(3).max(120),
        format: z.enum(FORMATS),
        brief: z.string().min(3).max(500).describe("What the draft is for, in a sentence"),
        body: z.string().min(10).max(8000).describe("The draft in Markdown, without the title"),
        sources: SOURCE_IDS,
      },
      outputSchema: draftShape,
      annotations: { ...WRITES_DRAFT, idempotentHint: true },
    },
    (input) => run(() => withArtifact(studio.createDraft(input))),
  );

  server.registerTool(
    "revise_draft",
    {
      title: "Revise a draft",
      description: "Saves a new version of a draft (earlier versions are kept) and reviews it again.",
      inputSchema: {
        draftId: DRAFT_ID,
        title: z.string().min(3).max(120).optional(),
        body: z.string().min(10).max(8000).optional(),
        sources: SOURCE_IDS.optional(),
        note: z.string().min(3).max(300).describe("What changed and why"),
      },
      outputSchema: draftShape,
      annotations: { ...WRITES_DRAFT, idempotentHint: false },
    },
    (input) => run(() => withArtifact(studio.reviseDraft(input))),
  );

  server.registerTool(
    "get_draft",
    {
      title: "Get a draft",
      description: "A draft's latest version and its review, with the draft as a resource.",
      inputSchema: { draftId: DRAFT_ID },
      outputSchema: draftShape,
      annotations: READ_ONLY,
    },
    ({ draftId }) => run(() => withArtifact(studio.getDraft(draftId))),
  );

  server.registerTool(
    "list_drafts",
    {
      title: "List drafts",
      description: "The drafts of this studio session, latest versions.",
      inputSchema: {},
      outputSchema: { count: z.number(), drafts: z.array(draftShape.draft) },
      annotations: READ_ONLY,
    },
    () => run(() => answer(studio.listDrafts())),
  );

  server.registerResource(
    "draft",
    new ResourceTemplate("studio://drafts/{id}", {
      list: () => ({ resources: studio.listDrafts().drafts.map((d) => ({ uri: d.uri, name: `${d.id}.md`, title: d.title, mimeType: "text/markdown" })) }),
    }),
    { title: "Draft", description: "A draft's latest version as Markdown", mimeType: "text/markdown" },
    (uri, { id }) => {
      const draft = studio.draft(String(id));
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: studio.markdown(draft) }] };
    },
  );

  server.registerResource(
    "style-guide",
    "studio://style-guide",
    { title: "Style guide", description: "The brand's style guide as JSON", mimeType: "application/json" },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(studio.guide, null, 2) }] }),
  );

  return server;
}
