import Markdown, { type Components } from "react-markdown";
import { safeHref } from "./readme-links.ts";

/**
 * Readmes come from published packages, so they are untrusted. react-markdown builds React
 * elements, never HTML strings: raw HTML in the Markdown is shown as text (there is no
 * rehype-raw here, on purpose), and its default urlTransform empties javascript: and other
 * unsafe URLs. On top of that, only absolute http(s)/mailto links are clickable (they open in a
 * new tab without a referrer), and images are not loaded: a readme cannot make the browser
 * fetch from another host (tracking pixels) — the image's text and address are shown instead.
 */
const components: Components = {
  // The page has its own h1: the readme's headings move one level down, keeping their look.
  h1: ({ children }) => <h2 className="mk-md-h1">{children}</h2>,
  h2: ({ children }) => <h3 className="mk-md-h2">{children}</h3>,
  h3: ({ children }) => <h4 className="mk-md-h3">{children}</h4>,
  h4: ({ children }) => <h5 className="mk-md-h4">{children}</h5>,
  h5: ({ children }) => <h6 className="mk-md-h5">{children}</h6>,
  h6: ({ children }) => <h6 className="mk-md-h6">{children}</h6>,
  a({ href, children, title }) {
    const safe = safeHref(href);
    if (!safe) {
      return (
        <span className="mk-md-inert-link" title={href ? `${href} (a link inside the package; not followed here)` : "link removed: unsafe URL"}>
          {children}
        </span>
      );
    }
    return (
      <a href={safe} title={title} target="_blank" rel="noopener noreferrer nofollow ugc">
        {children}
      </a>
    );
  },
  img({ src, alt }) {
    const address = typeof src === "string" ? src : "";
    return (
      <span className="mk-md-image" title={address ? `image not loaded: ${address}` : "image"}>
        <span aria-hidden>▣</span> {alt || "image"}
      </span>
    );
  },
};

export function Readme({ source }: { source: string }) {
  return (
    <article className="mk-markdown" data-testid="readme">
      <Markdown components={components}>{source}</Markdown>
    </article>
  );
}
