import { describe, expect, it } from "vitest";
import { type Lookup, type TargetPolicy, checkTarget, parseTarget } from "./target-policy.ts";

const answers = (table: Record<string, string[]>): Lookup => async (host) => {
  const found = table[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found;
};

const policy = (mode: "local" | "saas", table: Record<string, string[]> = {}, trustedOrigins: string[] = []): TargetPolicy => ({
  mode,
  lookup: answers(table),
  trustedOrigins,
});

const check = (url: string, p: TargetPolicy) => checkTarget(new URL(url), p);

describe("parseTarget", () => {
  it.each([
    [null, "the request names no target URL"],
    ["example.com/mcp", '"example.com/mcp" is not a URL'],
    ["ftp://example.com/", "ftp: URLs are not proxied"],
    ["file:///etc/passwd", "file: URLs are not proxied"],
    ["ws://example.com/ws", "ws: URLs are not proxied"],
    ["https://user:pw@example.com/mcp", "the URL carries a user name or password"],
  ])("refuses %s", (raw, message) => {
    const parsed = parseTarget(raw);
    expect(parsed).toMatchObject({ ok: false, failure: { step: "request", message } });
  });

  it("accepts http and https URLs", () => {
    expect(parseTarget("https://example.com/mcp")).toMatchObject({ ok: true });
    expect(parseTarget("http://127.0.0.1:3001/mcp")).toMatchObject({ ok: true });
  });
});

describe("checkTarget in saas mode", () => {
  it("allows a host whose every address is public, and returns those addresses to connect to", async () => {
    const result = await check("https://mcp.example.com/mcp", policy("saas", { "mcp.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] }));
    expect(result).toEqual({ ok: true, url: new URL("https://mcp.example.com/mcp"), addresses: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] });
  });

  it.each([
    ["http://127.0.0.1:8080/mcp", "127.0.0.1 is a loopback address (this machine)"],
    ["http://[::1]/mcp", "::1 is a loopback address (this machine)"],
    ["http://10.0.0.7/mcp", "10.0.0.7 is a private network address"],
    ["http://192.168.1.1/", "192.168.1.1 is a private network address"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"],
    ["http://[fe80::1]/", "fe80::1 is a link-local address"],
    ["http://0.0.0.0:3000/", "0.0.0.0 is a reserved or multicast address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is a loopback address (this machine)"],
    ["http://2130706433/", "127.0.0.1 is a loopback address (this machine)"],
    ["http://0x7f.1/", "127.0.0.1 is a loopback address (this machine)"],
  ])("refuses the address literal %s", async (url, said) => {
    const result = await check(url, policy("saas"));
    expect(result).toMatchObject({ ok: false, failure: { step: "blocked", message: `${said}: the bench proxy does not connect there in saas mode` } });
  });

  it("refuses a name that resolves to a private address", async () => {
    const result = await check("https://internal.example.com/mcp", policy("saas", { "internal.example.com": ["10.20.30.40"] }));
    expect(result).toMatchObject({
      ok: false,
      failure: { step: "blocked", message: "internal.example.com resolves to 10.20.30.40, which is a private network address: the bench proxy does not connect there in saas mode" },
    });
  });

  it("refuses a name when any one of its addresses is private, so a rebinding answer cannot pick it", async () => {
    const result = await check("https://mixed.example.com/", policy("saas", { "mixed.example.com": ["93.184.215.14", "127.0.0.1"] }));
    expect(result).toMatchObject({ ok: false, failure: { step: "blocked", message: expect.stringContaining("resolves to 127.0.0.1") } });
  });

  it("refuses a name that resolves to the metadata service, with the never-reachable hint", async () => {
    const result = await check("http://metadata.example.com/", policy("saas", { "metadata.example.com": ["169.254.169.254"] }));
    expect(result).toMatchObject({ ok: false, failure: { step: "blocked", hint: expect.stringContaining("never reachable") } });
  });

  it("reaches its own gateway even on a private address: the one trusted origin", async () => {
    const trusted = policy("saas", { gateway: ["10.0.0.5"] }, ["http://gateway:8080"]);
    expect(await check("http://gateway:8080/mcp/everything", trusted)).toMatchObject({ ok: true, addresses: ["10.0.0.5"] });
    expect(await check("http://gateway:8081/mcp/everything", trusted)).toMatchObject({ ok: false, failure: { step: "blocked" } });
  });
});

describe("checkTarget in local mode", () => {
  it.each(["http://127.0.0.1:3001/mcp", "http://[::1]:3001/mcp", "http://192.168.1.20/mcp", "https://example.com/mcp"])("allows %s", async (url) => {
    expect(await check(url, policy("local", { "example.com": ["93.184.215.14"] }))).toMatchObject({ ok: true });
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "a cloud metadata address"],
    ["http://169.254.10.10/", "a link-local address"],
    ["http://[fe80::1]/", "a link-local address"],
    ["http://0.0.0.0:3000/", "a reserved or multicast address"],
  ])("still refuses %s", async (url, kind) => {
    const result = await check(url, policy("local"));
    expect(result).toMatchObject({ ok: false, failure: { step: "blocked", message: expect.stringContaining(kind) } });
    if (!result.ok) expect(result.failure.message).not.toContain("saas");
  });
});

describe("DNS failures", () => {
  it("names the host and the resolver's code", async () => {
    expect(await check("https://no-such-host.invalid/mcp", policy("saas"))).toEqual({
      ok: false,
      failure: { step: "dns", message: "no-such-host.invalid does not resolve (ENOTFOUND)", hint: expect.stringContaining("typos") },
    });
  });

  it("tells a resolver that did not answer from a name that does not exist", async () => {
    const lookup: Lookup = async () => {
      throw Object.assign(new Error("getaddrinfo EAI_AGAIN"), { code: "EAI_AGAIN" });
    };
    const result = await check("https://example.com/", { mode: "saas", lookup, trustedOrigins: [] });
    expect(result).toMatchObject({ ok: false, failure: { step: "dns", message: "example.com does not resolve (EAI_AGAIN)", hint: expect.stringContaining("DNS settings") } });
  });

  it("treats an empty answer as not resolving", async () => {
    expect(await check("https://empty.example/", policy("saas", { "empty.example": [] }))).toMatchObject({ ok: false, failure: { step: "dns", message: "empty.example does not resolve (ENODATA)" } });
  });
});
