import { describe, expect, it } from "vitest";
import { artifactsOf, chartOf } from "./tool-result-parts.ts";

describe("tool result parts", () => {
  it("merges a resource link and the embedded resource with the same URI into one artifact", () => {
    const result = {
      content: [
        { type: "text", text: "{}" },
        { type: "resource_link", uri: "studio://drafts/D-1", name: "D-1.md", title: "Meet the kit", description: "blog post", mimeType: "text/markdown" },
        { type: "resource", resource: { uri: "studio://drafts/D-1", mimeType: "text/markdown", text: "# Meet the kit\n\nBody" } },
      ],
    };
    expect(artifactsOf(result)).toEqual([{ uri: "studio://drafts/D-1", title: "Meet the kit", fileName: "D-1.md", mimeType: "text/markdown", description: "blog post", text: "# Meet the kit\n\nBody" }]);
  });

  it("a link alone has no text; an embedded resource alone is named after its URI; file names are made safe", () => {
    expect(artifactsOf({ content: [{ type: "resource_link", uri: "file:///a/b", name: "../../etc/passwd <x>" }] })).toEqual([
      { uri: "file:///a/b", title: "../../etc/passwd <x>", fileName: "passwd-x-.txt", mimeType: "text/plain", description: null, text: null },
    ]);
    expect(artifactsOf({ content: [{ type: "resource", resource: { uri: "notes://today", mimeType: "text/markdown", text: "hi" } }] })[0]).toMatchObject({ title: "notes://today", fileName: "today.md", text: "hi" });
  });

  it("finds nothing in results without content, or with other parts only", () => {
    expect(artifactsOf(null)).toEqual([]);
    expect(artifactsOf({ structuredContent: {} })).toEqual([]);
    expect(artifactsOf({ content: [{ type: "text", text: "x" }, { type: "image", data: "", mimeType: "image/png" }] })).toEqual([]);
  });

  it("reads a declared chart, and ignores one that does not fit the shape", () => {
    const chart = { type: "bar", title: "revenue by region", x: { key: "region", label: "region" }, series: [{ key: "revenue_sum", label: "revenue" }], unit: "EUR", data: [{ region: "East", revenue_sum: 10 }] };
    expect(chartOf({ structuredContent: { rows: [], chart } })).toEqual(chart);
    expect(chartOf({ structuredContent: { rows: [] } })).toBeNull();
    expect(chartOf({ structuredContent: { chart: { ...chart, type: "pie" } } })).toBeNull();
    expect(chartOf({ structuredContent: { chart: { ...chart, data: [{ region: { nested: true } }] } } })).toBeNull();
    expect(chartOf("text")).toBeNull();
  });
});
