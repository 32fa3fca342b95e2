import dns from "node:dns/promises";
import net from "node:net";

/**
 * Addresses a URL we fetch on a user's behalf must never reach in saas mode: our own host,
 * the private networks behind it, link-local (cloud metadata at 169.254.169.254) and the like.
 * node:net's BlockList does the prefix matching; IPv4-mapped IPv6 is unwrapped first.
 */
const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv6");
}

/** True for an address on the public internet; false for loopback, private, link-local, multicast… */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = net.isIP(address);
  if (family === 0) return false;
  return !blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

export type Lookup = (host: string) => Promise<string[]>;

const systemLookup: Lookup = async (host) => (await dns.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

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
