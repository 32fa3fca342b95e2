import Markdown, { type Components } from "react-markdown";
import type { DocsBlock } from "../../../server/cases/docs-blocks.ts";

/**
 * A case's docs page. react-markdown builds React elements and never renders raw HTML (no
 * rehype-raw). The architecture diagram is a ```mermaid block: shown as its source, labelled.
 * Tables come cut out by the server (no GFM plugin here); their cells are inline Markdown.
 */
export const components: Components = {
  // The page has its own h1: the docs' headings move one level down.
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
  pre: ({ children }) => <pre className="cs-code">{children}</pre>,
  code({ className, children }) {
    const language = /language-(\w+)/.exec(className ?? "")?.[1];
    return (
      <code className={className}>
        {language === "mermaid" && <span className="cs-code-label">mermaid diagram (source)</span>}
        {children}
      </code>
    );
  },
  a({ href, children }) {
    const external = href !== undefined && /^https?:/i.test(href);
    return external ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span className="mono">{children}</span>
    );
  },
  img: ({ alt }) => <span>{alt ?? "image"}</span>,
};

const inline: Components = { ...components, p: ({ children }) => <>{children}</> };

const Cell = ({ text }: { text: string }) => <Markdown components={inline}>{text}</Markdown>;

export function CaseDocs({ blocks }: { blocks: DocsBlock[] }) {
  return (
    <article className="cs-docs" data-testid="case-docs">
      {blocks.map((block, i) =>
        block.kind === "markdown" ? (
          <Markdown key={i} components={components}>
            {block.text}
          </Markdown>
        ) : (
          <table key={i}>
            {block.header.some((cell) => cell !== "") && (
              <thead>
                <tr>
                  {block.header.map((cell, j) => (
                    <th key={j}>
                      <Cell text={cell} />
                    </th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, j) => (
                    <td key={j}>
                      <Cell text={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </article>
  );
}
