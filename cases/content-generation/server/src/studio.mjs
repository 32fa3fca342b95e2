// The content studio's data and operations, apart from MCP: a seeded style guide and product
// sources (read-only JSON beside the package), and the drafts written while the process runs —
// each revision kept, each reviewed against the style guide. Answers are pure functions of the
// seeded data and the arguments (ids derived from content, no clocks), so a scripted agent gets
// the same transcript each run.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const DATA_DIR = path.join(import.meta.dirname, "..", "data");
const readJson = (name) => JSON.parse(fs.readFileSync(path.join(DATA_DIR, name), "utf8"));

/** A request the agent can correct: becomes a tool result with isError and this message. */
export class StudioError extends Error {}

export const FORMATS = ["blog_post", "product_page", "newsletter", "social_post"];

const STOP_WORDS = new Set(["a", "an", "the", "our", "new", "for", "of", "and", "to", "about", "with", "is", "my", "your"]);
const terms = (text) => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((term) => !STOP_WORDS.has(term));
const wordCount = (text) => (text.match(/[\p{L}\p{N}](?:[\p{L}\p{N}'’-]|[.,]\p{N})*/gu) ?? []).length;

export const draftUri = (id) => `studio://drafts/${id}`;

export class Studio {
  constructor() {
    this.guide = readJson("style-guide.json");
    this.sources = readJson("sources.json");
    /** Drafts made in this process, by id; each keeps its revisions. */
    this.drafts = new Map();
  }

  styleGuide() {
    return { guide: this.guide };
  }

  /** Sources ranked by the query's terms they share: any field counts once, the product name and the title count extra; ties by id. */
  searchSources(query, limit) {
    const wanted = new Set(terms(query));
    if (wanted.size === 0) throw new StudioError("The query has no searchable words; name a product or topic, e.g. 'Cold Brew Kit'.");
    const results = this.sources
      .map((source) => {
        const haystack = new Set(terms([source.product, source.title, ...source.tags, ...source.facts].join(" ")));
        const name = new Set(terms(source.product));
        const title = new Set(terms(source.title));
        let score = 0;
        for (const term of wanted) score += (haystack.has(term) ? 1 : 0) + (name.has(term) ? 2 : 0) + (title.has(term) ? 1 : 0);
        return { source, score };
      })
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score || a.source.id.localeCompare(b.source.id))
      .slice(0, limit)
      .map(({ source, score }) => ({ id: source.id, product: source.product, title: source.title, facts: source.facts, score }));
    return { query, results };
  }

  createDraft({ title, format, brief, body, sources }) {
    this.checkSources(sources);
    const id = `D-${createHash("sha256").update([format, title, body].join("\u0000")).digest("hex").slice(0, 6).toUpperCase()}`;
    const existing = this.drafts.get(id);
    if (existing) return this.view(existing);
    const draft = { id, format, brief, revisions: [{ version: 1, title, body, sources, note: "first draft" }] };
    this.drafts.set(id, draft);
    return this.view(draft);
  }

  reviseDraft({ draftId, title, body, sources, note }) {
    const draft = this.draft(draftId);
    if (title === undefined && body === undefined && sources === undefined) throw new StudioError("Nothing to revise: give a new title, body or sources.");
    if (sources) this.checkSources(sources);
    const last = draft.revisions.at(-1);
    draft.revisions.push({ version: last.version + 1, title: title ?? last.title, body: body ?? last.body, sources: sources ?? last.sources, note });
    return this.view(draft);
  }

  getDraft(draftId) {
    return this.view(this.draft(draftId));
  }

  listDrafts() {
    const drafts = [...this.drafts.values()].map((draft) => this.view(draft).draft);
    return { count: drafts.length, drafts };
  }

  draft(draftId) {
    const draft = this.drafts.get(String(draftId).trim().toUpperCase());
    if (!draft) {
      throw new StudioError(`No draft ${draftId} in this studio session. Drafts belong to the session that wrote them; list_drafts shows them, and create_draft starts a new one.`);
    }
    return draft;
  }

  /** The latest revision as Markdown: the artifact a client shows or saves. */
  markdown(draft) {
    const current = draft.revisions.at(-1);
    const cited = current.sources.map((id) => this.sources.find((s) => s.id === id)?.title ?? id);
    return `# ${current.title}\n\n${current.body.trim()}\n\n---\n\nSources: ${cited.join("; ") || "none"}\n`;
  }

  view(draft) {
    const current = draft.revisions.at(-1);
    const review = this.review(draft.format, current);
    return {
      draft: {
        id: draft.id,
        uri: draftUri(draft.id),
        format: draft.format,
        title: current.title,
        version: current.version,
        words: wordCount(current.body),
        sources: current.sources,
      },
      review,
    };
  }

  /** The style guide's mechanical rules over one revision: word count, title length, sources, banned words. */
  review(format, { title, body, sources }) {
    const { minWords, maxWords } = this.guide.formats[format];
    const words = wordCount(body);
    const issues = [];
    if (words < minWords || words > maxWords) issues.push({ rule: "length", message: `${words} words; a ${format} has ${minWords}–${maxWords}.` });
    if (title.length > this.guide.maxTitleLength) issues.push({ rule: "title", message: `The title has ${title.length} characters; at most ${this.guide.maxTitleLength}.` });
    if (sources.length === 0) issues.push({ rule: "sources", message: "No source cited; every product fact needs one." });
    const lower = `${title}\n${body}`.toLowerCase();
    for (const word of this.guide.bannedWords) {
      if (new RegExp(`\\b${word}\\b`).test(lower)) issues.push({ rule: "banned-word", message: `"${word}" is on the style guide's list of hype words; say what the product does instead.` });
    }
    const summary =
      issues.length === 0
        ? `passes the style guide: ${words} words (${format} ${minWords}–${maxWords}), title ${title.length}/${this.guide.maxTitleLength} characters, ${sources.length} source(s) cited, no hype words`
        : `${issues.length} style issue(s): ${issues.map((issue) => issue.message).join(" ")}`;
    return { passed: issues.length === 0, issues, summary };
  }

  checkSources(sources) {
    const unknown = sources.filter((id) => !this.sources.some((s) => s.id === id));
    if (unknown.length > 0) throw new StudioError(`Unknown source ${unknown.join(", ")}; cite the ids search_sources returns, e.g. ${this.sources[0].id}.`);
  }
}
