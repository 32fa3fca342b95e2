const compiled = new Map<string, RegExp>();

/**
 * Whether a URI could have come from an RFC 6570 template such as `demo://resource/{id}`: each
 * expression matches any run of characters, the rest literally. Enough to route a resource
 * to the member whose template it fits; the member itself checks the rest.
 */
export function matchesUriTemplate(template: string, uri: string): boolean {
  let regexp = compiled.get(template);
  if (!regexp) {
    const source = template
      .split(/(\{[^}]*\})/)
      .map((part) => (part.startsWith("{") && part.endsWith("}") ? ".*?" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regexp = new RegExp(`^${source}$`, "s");
    // Templates come from the members' lists, a bounded set; the bound only guards against surprises.
    if (compiled.size < 1000) compiled.set(template, regexp);
  }
  return regexp.test(uri);
}
