import net from "node:net";
import { type AddressClass, classifyAddress } from "../../net/address-class.ts";
import type { Lookup } from "../../net/lookup.ts";
import type { ProxyFailure } from "./proxy-contract.ts";

export type ProxyMode = "local" | "saas";

export { type Lookup, systemLookup } from "../../net/lookup.ts";

export interface TargetPolicy {
  mode: ProxyMode;
  lookup: Lookup;
  /**
   * Origins reached without the address rules: our own gateway, which saas mode may run on a
   * private network. Only an exact origin match counts.
   */
  trustedOrigins: readonly string[];
}

/** A target the proxy may connect to, with the addresses to connect to (checked, so pinned). */
export interface AllowedTarget {
  ok: true;
  url: URL;
  addresses: string[];
}

export type TargetCheck = AllowedTarget | { ok: false; failure: ProxyFailure };

/**
 * What each mode reaches. Local mode runs on the developer's own machine, bound to loopback and
 * behind the console session, so servers on it and on its LAN are fair game; saas mode reaches
 * only the public internet. Link-local and cloud metadata addresses are never reached.
 */
const REACHABLE: Record<ProxyMode, ReadonlySet<AddressClass>> = {
  local: new Set(["public", "loopback", "private"]),
  saas: new Set(["public"]),
};

const DESCRIBED: Record<AddressClass, string> = {
  public: "a public address",
  loopback: "a loopback address (this machine)",
  private: "a private network address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata address",
  reserved: "a reserved or multicast address",
};

/** The URL in a proxied request's target header, if it is one the proxy can speak to at all. */
export function parseTarget(raw: string | null): { ok: true; url: URL } | { ok: false; failure: ProxyFailure } {
  const refuse = (message: string, hint: string) => ({ ok: false as const, failure: { step: "request" as const, message, hint } });
  if (!raw) return refuse("the request names no target URL", "connect from the bench page, which sends the URL for you");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(`"${raw.slice(0, 200)}" is not a URL`, "enter a full URL such as https://example.com/mcp");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return refuse(`${url.protocol} URLs are not proxied`, "use an http:// or https:// URL (for a ws:// server, pick the WebSocket transport)");
  }
  if (url.username || url.password) {
    return refuse("the URL carries a user name or password", "remove them from the URL and add an Authorization header instead");
  }
  return { ok: true, url };
}

/**
 * Resolves the target's host and checks every address against the mode's rules. A host that
 * resolves to several addresses is refused if any one is out of bounds, and the caller connects
 * only to the addresses returned here, so a DNS answer that changes between this check and the
 * connection (DNS rebinding) cannot slip a private address in.
 */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<TargetCheck> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const trusted = policy.trustedOrigins.includes(url.origin);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await policy.lookup(host);
    } catch (error) {
      return { ok: false, failure: dnsFailure(host, error) };
    }
    if (addresses.length === 0) return { ok: false, failure: dnsFailure(host, Object.assign(new Error("no addresses"), { code: "ENODATA" })) };
  }
  if (trusted) return { ok: true, url, addresses };
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (REACHABLE[policy.mode].has(kind)) continue;
    const named = host === address ? `${address} is` : `${host} resolves to ${address}, which is`;
    return {
      ok: false,
      failure: {
        step: "blocked",
        message: `${named} ${DESCRIBED[kind]}: the bench proxy does not connect there${policy.mode === "saas" ? " in saas mode" : ""}`,
        hint:
          kind === "link-local" || kind === "metadata" || kind === "reserved"
            ? "link-local, cloud metadata and reserved addresses are never reachable from the bench"
            : "use the server's public URL; to test a server on your own machine or network, run Switchyard in local mode",
      },
    };
  }
  return { ok: true, url, addresses };
}

function dnsFailure(host: string, error: unknown): ProxyFailure {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const temporary = code === "EAI_AGAIN" || code === "ETIMEOUT";
  return {
    step: "dns",
    message: `${host} does not resolve${code ? ` (${code})` : ""}`,
    hint: temporary
      ? "the name server did not answer: check this machine's DNS settings and network, then retry"
      : "check the host name for typos; a name that only another machine's hosts file knows does not resolve here",
  };
}
