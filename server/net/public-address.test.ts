import { describe, expect, it } from "vitest";
import { isPublicAddress, privateTargetReason } from "./public-address.ts";

describe("isPublicAddress", () => {
  it.each(["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"])("lets %s through", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe("privateTargetReason", () => {
  const lookup = (table: Record<string, string[]>) => async (host: string) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return found;
  };

  it("accepts a host whose every address is public", async () => {
    expect(await privateTargetReason(new URL("https://mcp.example/x"), lookup({ "mcp.example": ["93.184.216.34"] }))).toBeUndefined();
  });

  it("refuses a host with any private address, naming it", async () => {
    const reason = await privateTargetReason(new URL("https://rebind.example/x"), lookup({ "rebind.example": ["93.184.216.34", "10.0.0.5"] }));
    expect(reason).toBe("rebind.example resolves to 10.0.0.5, a private, loopback or link-local address, which saas mode does not reach");
  });

  it("refuses literal private addresses, IPv6 in brackets included, without a lookup", async () => {
    expect(await privateTargetReason(new URL("http://169.254.169.254/latest/meta-data"), lookup({}))).toContain("169.254.169.254");
    expect(await privateTargetReason(new URL("http://[::1]:8080/"), lookup({}))).toContain("::1");
  });

  it("refuses a host that does not resolve, with the resolver's code", async () => {
    expect(await privateTargetReason(new URL("https://nowhere.example/"), lookup({}))).toBe("nowhere.example does not resolve (ENOTFOUND)");
  });
});
