/**
 * A docs page cut into Markdown and the GFM pipe tables in it. The web app renders Markdown with
 * react-markdown alone (no GFM plugin is installed), so tables are recognised here and the page
 * draws them itself, each cell's text still rendered as inline Markdown. Fenced code is never cut.
 */
export type DocsBlock = { kind: "markdown"; text: string } | { kind: "table"; header: string[]; rows: string[][] };

const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const FENCE = /^\s*(```|~~~)/;

export function docsBlocks(markdown: string): DocsBlock[] {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const blocks: DocsBlock[] = [];
  let text: string[] = [];
  let fenced = false;
  const flush = () => {
    if (text.join("").trim() !== "") blocks.push({ kind: "markdown", text: text.join("\n") });
    text = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) fenced = !fenced;
    const next = lines[i + 1];
    if (!fenced && line.trimStart().startsWith("|") && next !== undefined && SEPARATOR.test(next)) {
      flush();
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.trimStart().startsWith("|")) rows.push(cells(lines[i++]!));
      i--;
      blocks.push({ kind: "table", header, rows });
      continue;
    }
    text.push(line);
  }
  flush();
  return blocks;
}

/** The cells of a table row: split on pipes that are not escaped, outer pipes dropped. */
function cells(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}
