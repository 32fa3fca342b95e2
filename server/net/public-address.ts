import net from "node:net";
import { classifyAddress } from "./address-class.ts";
import { type Lookup, systemLookup } from "./lookup.ts";

/**
 * True for an address on the public internet: what saas mode lets a URL we fetch on a user's
 * behalf reach. Loopback, private networks, link-local (cloud metadata at 169.254.169.254),
 * reserved ranges and IPv6 forms that wrap such an IPv4 address are not (see address-class.ts).
 */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

export type { Lookup } from "./lookup.ts";

/**
 * Why `url` must not be fetched in saas mode, or undefined when every address its host resolves
 * to is public. A host that resolves to several addresses is refused if any one is private, so
 * DNS rebinding between this check and the fetch cannot pick the private one.
 */
export async function privateTargetReason(url: URL, lookup: Lookup = systemLookup): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      return `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
  const inside = addresses.find((address) => !isPublicAddress(address));
  if (inside === undefined) return undefined;
  return `${host} resolves to ${inside}, a private, loopback or link-local address, which saas mode does not reach`;
}
