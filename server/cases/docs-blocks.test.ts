import { describe, expect, it } from "vitest";
import { docsBlocks } from "./docs-blocks.ts";

describe("docs blocks", () => {
  it("cuts pipe tables out of the Markdown, cells kept as inline Markdown", () => {
    const doc = ["# Title", "", "| tool | annotations |", "|---|:---:|", "| `lookup` | read-only |", "| a \\| b | **yes** |", "", "After."].join("\n");
    expect(docsBlocks(doc)).toEqual([
      { kind: "markdown", text: "# Title\n" },
      { kind: "table", header: ["tool", "annotations"], rows: [["`lookup`", "read-only"], ["a | b", "**yes**"]] },
      { kind: "markdown", text: "\nAfter." },
    ]);
  });

  it("leaves pipes in fenced code and lines without a separator alone", () => {
    const doc = ["```", "| a | b |", "|---|---|", "```", "| not | a table |", "text"].join("\n");
    expect(docsBlocks(doc)).toEqual([{ kind: "markdown", text: doc }]);
  });

  it("a table with an empty header", () => {
    expect(docsBlocks("| | |\n|---|---|\n| **x** | y |")).toEqual([{ kind: "table", header: ["", ""], rows: [["**x**", "y"]] }]);
  });
});
