/**
 * Where a link in a readme (or a manifest) may lead: only absolute http(s) and mailto URLs.
 * react-markdown's urlTransform has already emptied javascript:, data: and other unsafe URLs;
 * relative ones would resolve against this site, where the package's files are not, so they
 * are shown as text as well.
 */
export function safeHref(href: string | undefined | null): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return url.protocol === "https:" || url.protocol === "http:" || url.protocol === "mailto:" ? url.href : null;
}
