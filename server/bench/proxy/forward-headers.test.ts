import { describe, expect, it } from "vitest";
import { forwardedHeaders, replyHeaders } from "./forward-headers.ts";

const encode = (headers: Record<string, string>) => encodeURIComponent(JSON.stringify(headers));

describe("forwardedHeaders", () => {
  it("passes the transport's headers, lower-cased, and adds our user agent and identity encoding", () => {
    const result = forwardedHeaders(encode({ Authorization: "Bearer t0k", "Content-Type": "application/json", "Mcp-Session-Id": "abc", "X-Tenant": "ü" }), true);
    expect(result).toEqual({
      ok: true,
      headers: {
        authorization: "Bearer t0k",
        "content-type": "application/json",
        "mcp-session-id": "abc",
        "x-tenant": "ü",
        "user-agent": "Switchyard-Bench/0.1",
        "accept-encoding": "identity",
      },
    });
  });

  it("drops hop-by-hop headers the proxy sets itself", () => {
    const result = forwardedHeaders(encode({ Host: "internal", "Content-Length": "9", Connection: "close", "Transfer-Encoding": "chunked", "Accept-Encoding": "gzip", accept: "text/event-stream" }), false);
    expect(result).toEqual({ ok: true, headers: { accept: "text/event-stream", "user-agent": "Switchyard-Bench/0.1", "accept-encoding": "identity" } });
  });

  it("sends no content type without a body", () => {
    expect(forwardedHeaders(encode({ "content-type": "application/json" }), false)).toMatchObject({ ok: true, headers: { "accept-encoding": "identity" } });
    const result = forwardedHeaders(encode({ "content-type": "application/json" }), false);
    if (result.ok) expect(result.headers["content-type"]).toBeUndefined();
  });

  it("forwards nothing when the header is absent: the browser's own headers never pass", () => {
    expect(forwardedHeaders(null, false)).toEqual({ ok: true, headers: { "user-agent": "Switchyard-Bench/0.1", "accept-encoding": "identity" } });
  });

  it.each([
    ["%7Bnot json", "the forwarded headers are not URI-encoded JSON"],
    [encode({ "bad name": "x" }), "header bad name: expected a header name of letters, digits and -"],
    [encode({ "x-inject": "a\r\nHost: evil" }), "header x-inject: expected a header value on one line"],
    [encodeURIComponent(JSON.stringify({ "x-num": 1 })), "header x-num:"],
    [encode(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`x-h${i}`, "v"]))), "expected at most 64 headers"],
  ])("refuses %s", (raw, message) => {
    const result = forwardedHeaders(raw, true);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure.step).toBe("request");
      expect(result.failure.message).toContain(message);
    }
  });
});

describe("replyHeaders", () => {
  it("keeps what MCP and the diagnostics need, drops cookies and the rest, and marks the reply unbufferable", () => {
    const headers = replyHeaders(
      {
        "content-type": "text/event-stream",
        "mcp-session-id": "s1",
        "www-authenticate": 'Bearer resource_metadata="https://x/.well-known/oauth-protected-resource"',
        "set-cookie": ["sid=1"],
        server: "nginx",
        "content-encoding": "gzip",
      },
      "203.0.113.9",
    );
    expect(Object.fromEntries(headers)).toEqual({
      "content-type": "text/event-stream",
      "mcp-session-id": "s1",
      "www-authenticate": 'Bearer resource_metadata="https://x/.well-known/oauth-protected-resource"',
      "cache-control": "no-store, no-transform",
      "x-bench-address": "203.0.113.9",
    });
  });
});
