import { describe, expect, it } from "vitest";
import { INLINE_TEXT_LIMIT, safeHref, viewContent } from "./content-view.ts";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("viewContent", () => {
  it("shows text as text, and pretty-prints text that is a JSON object", () => {
    expect(viewContent({ type: "text", text: "Echo: hi" })).toEqual({ kind: "text", text: "Echo: hi", truncated: false });
    expect(viewContent({ type: "text", text: '{"temperature":33}' })).toEqual({ kind: "text", text: '{"temperature":33}', truncated: false, json: '{\n  "temperature": 33\n}' });
    expect(viewContent({ type: "text", text: "{not json" })).toEqual({ kind: "text", text: "{not json", truncated: false });
  });

  it("cuts a huge text for display and says so", () => {
    const view = viewContent({ type: "text", text: "x".repeat(INLINE_TEXT_LIMIT + 5) });
    expect(view).toMatchObject({ kind: "text", truncated: true });
    if (view.kind === "text") {
      expect(view.text).toHaveLength(INLINE_TEXT_LIMIT);
      expect(view.full).toHaveLength(INLINE_TEXT_LIMIT + 5);
    }
  });

  it("shows an image of a known type as a data URL with its size", () => {
    expect(viewContent({ type: "image", data: PNG, mimeType: "image/png" })).toEqual({ kind: "image", src: `data:image/png;base64,${PNG}`, mimeType: "image/png", bytes: 70 });
  });

  it("refuses to inline media of other types, or data that is not base64", () => {
    expect(viewContent({ type: "image", data: PNG, mimeType: "text/html" })).toEqual({ kind: "unsupported", reason: "text/html: not a image type the browser plays inline" });
    expect(viewContent({ type: "image", data: "<svg onload=alert(1)>", mimeType: "image/svg+xml" })).toEqual({ kind: "unsupported", reason: "the image data is not base64" });
    expect(viewContent({ type: "audio", data: "AAAA", mimeType: "video/mp4" })).toMatchObject({ kind: "unsupported" });
  });

  it("plays audio of a known type", () => {
    expect(viewContent({ type: "audio", data: "UklGRg==", mimeType: "audio/wav" })).toEqual({ kind: "audio", src: "data:audio/wav;base64,UklGRg==", mimeType: "audio/wav", bytes: 4 });
  });

  it("shows an embedded text resource with its URI, and a blob resource as a download that cannot open as a page", () => {
    expect(viewContent({ type: "resource", resource: { uri: "demo://resource/static/document/architecture.md", mimeType: "text/markdown", text: "# Title" } })).toEqual({
      kind: "resource-text",
      uri: "demo://resource/static/document/architecture.md",
      mimeType: "text/markdown",
      text: "# Title",
      truncated: false,
    });
    expect(viewContent({ type: "resource", resource: { uri: "file:///x.html", mimeType: "text/html", blob: "PGgxPg==" } })).toEqual({
      kind: "resource-blob",
      uri: "file:///x.html",
      mimeType: "text/html",
      bytes: 4,
      download: "data:application/octet-stream;base64,PGgxPg==",
    });
    expect(viewContent({ type: "resource", resource: { uri: "demo://img", mimeType: "image/png", blob: PNG } })).toMatchObject({ kind: "resource-blob", preview: "image", download: `data:image/png;base64,${PNG}` });
  });

  it("makes a resource link clickable only when it is http(s)", () => {
    expect(viewContent({ type: "resource_link", uri: "https://example.com/doc", name: "doc", mimeType: "text/plain" })).toEqual({
      kind: "link",
      uri: "https://example.com/doc",
      name: "doc",
      mimeType: "text/plain",
      href: "https://example.com/doc",
    });
    expect(viewContent({ type: "resource_link", uri: "javascript:alert(1)", name: "x" })).toEqual({ kind: "link", uri: "javascript:alert(1)", name: "x" });
    expect(viewContent({ type: "resource_link", uri: "demo://resource/dynamic/text/1", name: "Resource 1", description: "d" })).toEqual({
      kind: "link",
      uri: "demo://resource/dynamic/text/1",
      name: "Resource 1",
      description: "d",
    });
  });

  it("names what it cannot show", () => {
    expect(viewContent({ type: "video", data: "AAAA" })).toEqual({ kind: "unsupported", reason: 'unknown content type "video"' });
    expect(viewContent(null)).toEqual({ kind: "unsupported", reason: "the content block is not an object" });
    expect(viewContent({ type: "text" })).toEqual({ kind: "unsupported", reason: "a text block without text" });
  });
});

describe("safeHref", () => {
  it.each([
    ["https://example.com/a?b=1", "https://example.com/a?b=1"],
    ["http://127.0.0.1:3000/", "http://127.0.0.1:3000/"],
    ["javascript:alert(1)", undefined],
    ["JAVASCRIPT:alert(1)", undefined],
    ["data:text/html,<script>", undefined],
    ["file:///etc/passwd", undefined],
    ["not a url", undefined],
  ])("%s → %s", (uri, href) => {
    expect(safeHref(uri)).toBe(href);
  });
});
