import net from "node:net";

/**
 * What kind of network an IP address belongs to, for deciding whether the bench proxy may
 * connect to it. "metadata" is split out of link-local and private because cloud metadata
 * endpoints hand out credentials: no mode ever reaches them.
 */
export type AddressClass = "public" | "loopback" | "private" | "link-local" | "metadata" | "reserved";

/** Cloud metadata services (AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba, Oracle). */
const METADATA = new Set(["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192"]);

type Range = readonly [prefix: string, bits: number, kind: Exclude<AddressClass, "public" | "metadata">];

// Order does not matter: the ranges of different kinds do not overlap.
const V4: Range[] = [
  ["127.0.0.0", 8, "loopback"],
  ["10.0.0.0", 8, "private"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["100.64.0.0", 10, "private"], // carrier-grade NAT
  ["169.254.0.0", 16, "link-local"],
  ["0.0.0.0", 8, "reserved"], // "this network": 0.0.0.0 reaches the local host on Linux
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "reserved"], // multicast
  ["240.0.0.0", 4, "reserved"], // future use and broadcast
];

const V6: Range[] = [
  ["::1", 128, "loopback"],
  ["::", 128, "reserved"],
  ["fc00::", 7, "private"], // unique local
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "reserved"], // deprecated site-local
  ["ff00::", 8, "reserved"], // multicast
  ["100::", 64, "reserved"], // discard
  ["2001:db8::", 32, "reserved"], // documentation
  ["2001::", 32, "reserved"], // Teredo tunnels reach IPv4 hosts we cannot see
];

function listOf(ranges: Range[], family: "ipv4" | "ipv6"): Array<[AddressClass, net.BlockList]> {
  const byKind = new Map<AddressClass, net.BlockList>();
  for (const [prefix, bits, kind] of ranges) {
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = new net.BlockList()));
    list.addSubnet(prefix, bits, family);
  }
  return [...byKind];
}

// Built once at load: BlockList does the prefix matching in native code.
const V4_LISTS = listOf(V4, "ipv4");
const V6_LISTS = listOf(V6, "ipv6");

/**
 * The IPv4 address an IPv6 address carries, when it is one of the forms that reach an IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
 * (2002:AABB:CCDD::/48).
 */
export function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (zeros(0, 6) && (words[6] !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}

/** Eight 16-bit words, or undefined when `address` is not IPv6. */
function expandIpv6(address: string): number[] | undefined {
  if (net.isIPv6(address) === false) return undefined;
  let text = address.toLowerCase().split("%")[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((w) => parseInt(w, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

/** The class of an IP address; anything that is not an IP address is "reserved" (never connected to). */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, "").split("%")[0]!.toLowerCase();
  if (METADATA.has(bare)) return "metadata";
  const family = net.isIP(bare);
  if (family === 4) return V4_LISTS.find(([, list]) => list.check(bare, "ipv4"))?.[0] ?? "public";
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    if (inner !== undefined) return classifyAddress(inner);
    return V6_LISTS.find(([, list]) => list.check(bare, "ipv6"))?.[0] ?? "public";
  }
  return "reserved";
}
