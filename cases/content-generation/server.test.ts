/**
 * The content studio server as a client sees it over stdio, and as the product runs it: from the
 * component store where npm linked it (a workspace of the project).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComponentStore } from "../../runner/agent/component-store.ts";
import { artifactsOf } from "../../server/cases/tool-result-parts.ts";
import { CONTENT_GENERATION_PACKAGE, contentGenerationManifest } from "./manifest.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(import.meta.dirname, "server/bin/content-studio-mcp.mjs");

let client: Client;

beforeAll(async () => {
  client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], stderr: "pipe" }));
});

afterAll(async () => {
  await client?.close();
});

type Draft = { draft: { id: string; uri: string; title: string; version: number; words: number }; review: { passed: boolean; issues: Array<{ rule: string }>; summary: string } };
type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<Record<string, unknown> & { type: string }> };
const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;
const errorOf = async (name: string, args: Record<string, unknown>) => {
  const result = await call(name, args);
  expect(result.isError).toBe(true);
  return result.content[0]!.text as string;
};

const POST = {
  title: "Meet the Cold Brew Kit",
  format: "blog_post",
  brief: "Launch post",
  body: `${"You can make cold brew at home. ".repeat(12)}Makes 1.2 litres of cold brew concentrate per batch.`,
  sources: ["src-cold-brew-kit"],
};

describe("the content studio server", () => {
  it("offers read-only lookups and draft tools that add without destroying", async () => {
    const { tools } = await client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, [t.annotations?.readOnlyHint ?? false, t.annotations?.destructiveHint ?? null]]));
    expect(hints).toEqual({
      get_style_guide: [true, null],
      search_sources: [true, null],
      create_draft: [false, false],
      revise_draft: [false, false],
      get_draft: [true, null],
      list_drafts: [true, null],
    });
  });

  it("ranks sources by the product they are about, and finds none for an unknown product", async () => {
    const found = (await call("search_sources", { query: "Cold Brew Kit" })).structuredContent as { results: Array<{ id: string }> };
    expect(found.results.map((r) => r.id)).toEqual(["src-cold-brew-kit", "src-cold-brew-guide"]);
    expect((await call("search_sources", { query: "Moka 9000" })).structuredContent).toEqual({ query: "Moka 9000", results: [] });
    expect(await errorOf("search_sources", { query: "the new" })).toContain("no searchable words");
  });

  it("returns a new draft as structured content, a resource link and the embedded Markdown", async () => {
    const created = await call("create_draft", POST);
    const view = created.structuredContent as Draft;
    expect(view.draft).toMatchObject({ title: "Meet the Cold Brew Kit", version: 1, words: 93 });
    expect(view.draft.id).toMatch(/^D-[0-9A-F]{6}$/);
    expect(view.review).toMatchObject({ passed: true, issues: [] });
    expect(created.content.map((part) => part.type)).toEqual(["text", "resource_link", "resource"]);
    expect(artifactsOf(created)).toEqual([
      {
        uri: `studio://drafts/${view.draft.id}`,
        title: "Meet the Cold Brew Kit",
        fileName: `${view.draft.id}.md`,
        mimeType: "text/markdown",
        description: "blog post, version 1, 93 words",
        text: expect.stringMatching(/^# Meet the Cold Brew Kit\n\nYou can make cold brew at home\..*\n\n---\n\nSources: Cold Brew Kit — product sheet\n$/s),
      },
    ]);
    // The same content again is the same draft.
    expect(((await call("create_draft", POST)).structuredContent as Draft).draft.id).toBe(view.draft.id);
  });

  it("reviews drafts against the style guide, and keeps every revision", async () => {
    const hype = (await call("create_draft", { ...POST, format: "social_post", title: "A revolutionary kit for every kitchen, and a title far too long", body: "Our revolutionary kit is here!" })).structuredContent as Draft;
    expect(hype.review.passed).toBe(false);
    expect(hype.review.issues.map((i) => i.rule)).toEqual(["length", "title", "banned-word"]);
    const fixed = (await call("revise_draft", { draftId: hype.draft.id, title: "The Cold Brew Kit is here", body: "Cold brew at home, made in your fridge: it steeps for 12 to 16 hours.", note: "no hype" })).structuredContent as Draft;
    expect(fixed).toMatchObject({ draft: { id: hype.draft.id, version: 2, title: "The Cold Brew Kit is here" }, review: { passed: true } });
    const listed = (await call("list_drafts", {})).structuredContent as { count: number; drafts: Array<{ id: string; version: number }> };
    expect(listed.drafts.find((d) => d.id === hype.draft.id)?.version).toBe(2);
    const read = await client.readResource({ uri: `studio://drafts/${hype.draft.id}` });
    expect(read.contents[0]).toMatchObject({ mimeType: "text/markdown", text: expect.stringMatching(/^# The Cold Brew Kit is here\n\nCold brew at home/) });
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain(`studio://drafts/${hype.draft.id}`);
  });

  it("answers bad requests with errors that say what to do", async () => {
    expect(await errorOf("get_draft", { draftId: "D-000000" })).toBe(
      "No draft D-000000 in this studio session. Drafts belong to the session that wrote them; list_drafts shows them, and create_draft starts a new one.",
    );
    expect(await errorOf("get_draft", { draftId: "draft-1" })).toContain("expected a draft id like D-1A2B3C");
    expect(await errorOf("create_draft", { ...POST, sources: ["src-nope"] })).toBe("Unknown source src-nope; cite the ids search_sources returns, e.g. src-cold-brew-kit.");
    expect(await errorOf("create_draft", { ...POST, format: "press_release" })).toMatch(/Invalid arguments for tool create_draft: .*format/);
    const draftId = ((await call("create_draft", POST)).structuredContent as Draft).draft.id;
    expect(await errorOf("revise_draft", { draftId, note: "nothing" })).toBe("Nothing to revise: give a new title, body or sources.");
  });

  it("serves its style guide as a resource", async () => {
    const read = await client.readResource({ uri: "studio://style-guide" });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ brand: "Northwind Coffee Co.", maxTitleLength: 60 });
  });
});

describe("the content studio server as the product runs it", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it("is used where npm linked it, with nothing to install", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-case-store-"));
    roots.push(root);
    const manifest = contentGenerationManifest(REPO_ROOT);
    expect(manifest).toMatchObject({ name: "io.switchyard/content-generation", packages: [{ identifier: CONTENT_GENERATION_PACKAGE, transport: { type: "stdio" } }] });
    await expect(new ComponentStore(root, REPO_ROOT).ensure(CONTENT_GENERATION_PACKAGE, manifest.version)).resolves.toBe(REPO_ROOT);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
