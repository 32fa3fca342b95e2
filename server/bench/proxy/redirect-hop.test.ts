import { describe, expect, it } from "vitest";
import { MAX_REDIRECTS, nextHop } from "./redirect-hop.ts";

const from = new URL("https://mcp.example.com/mcp?token=secret");

describe("nextHop", () => {
  it("uses a reply that is not a redirect", () => {
    expect(nextHop(from, 200, null, "POST", 0)).toEqual({ kind: "none" });
    expect(nextHop(from, 404, "/elsewhere", "POST", 0)).toEqual({ kind: "none" });
  });

  it("follows a 307 or 308 within the origin, keeping the method", () => {
    expect(nextHop(from, 307, "/v2/mcp", "POST", 0)).toEqual({ kind: "follow", url: new URL("https://mcp.example.com/v2/mcp") });
    expect(nextHop(from, 308, "https://mcp.example.com/mcp/", "DELETE", 2)).toEqual({ kind: "follow", url: new URL("https://mcp.example.com/mcp/") });
  });

  it("follows any redirect of a GET within the origin", () => {
    expect(nextHop(from, 302, "/sse", "GET", 0)).toMatchObject({ kind: "follow" });
  });

  it("follows http to https on the same host", () => {
    expect(nextHop(new URL("http://mcp.example.com/mcp"), 308, "https://mcp.example.com/mcp", "POST", 0)).toMatchObject({ kind: "follow" });
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "http://169.254.169.254/latest/meta-data/"],
    ["http://127.0.0.1:8080/admin", "http://127.0.0.1:8080/admin"],
    ["https://evil.example/mcp?key=x", "https://evil.example/mcp"],
    ["https://mcp.example.com:8443/mcp", "https://mcp.example.com:8443/mcp"],
    ["http://mcp.example.com/mcp", "http://mcp.example.com/mcp"],
    ["//evil.example/mcp", "https://evil.example/mcp"],
  ])("refuses a redirect to another origin: %s", (location, shown) => {
    const hop = nextHop(from, 307, location, "POST", 0);
    expect(hop).toMatchObject({ kind: "refuse", failure: { step: "redirect", message: `the server redirects to ${shown}, another origin: not followed, so your headers do not travel there` } });
  });

  it("refuses a redirect that adds credentials to the URL", () => {
    expect(nextHop(from, 307, "https://admin:pw@mcp.example.com/mcp", "POST", 0)).toMatchObject({ kind: "refuse" });
  });

  it("refuses a 302 or 303 of a POST, which would become a GET", () => {
    expect(nextHop(from, 302, "/other", "POST", 0)).toMatchObject({ kind: "refuse", failure: { message: "the server answered POST with 302, which would turn it into a GET" } });
    expect(nextHop(from, 303, "/other", "POST", 0)).toMatchObject({ kind: "refuse" });
  });

  it("stops after the maximum number of redirects", () => {
    expect(nextHop(from, 307, "/again", "POST", MAX_REDIRECTS)).toMatchObject({ kind: "refuse", failure: { message: `more than ${MAX_REDIRECTS} redirects, the last to https://mcp.example.com/again` } });
  });

  it("refuses a redirect without a Location", () => {
    expect(nextHop(from, 301, null, "GET", 0)).toMatchObject({ kind: "refuse", failure: { message: "the server answered 301 without a Location" } });
  });
});
