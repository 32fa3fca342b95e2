import { describe, expect, it } from "vitest";
import { DEFER, NEED_MORE, type RequestHead, parseRequestHead } from "./request-head.ts";

const limits = { maxHeadBytes: 1024, maxBodyBytes: 100, path: /^\/mcp\/[a-z]+$/ };
const parse = (text: string) => parseRequestHead(Buffer.from(text, "latin1"), limits);
const post = (headers: string, target = "/mcp/echo") => `POST ${target} HTTP/1.1\r\nHost: gw\r\n${headers}\r\n`;

describe("parseRequestHead", () => {
  it("reads a plain POST: target, lower-cased headers, where the body starts and how long it is", () => {
    const text = post("Content-Length: 2\r\nMcp-Session-Id:  abc \r\nAUTHORIZATION: Bearer k\r\nX-Trace-Tag: Blue\r\n") + "{}";
    const head = parse(text) as RequestHead;
    expect(head).toMatchObject({ method: "POST", url: "/mcp/echo", bodyLength: 2, close: false });
    expect(head.headers).toEqual({ host: "gw", "content-length": "2", "mcp-session-id": "abc", authorization: "Bearer k", "x-trace-tag": "Blue" });
    expect(text.slice(head.headLength)).toBe("{}");
  });

  it("keeps the query string and honours Connection: close", () => {
    const head = parse(post("Content-Length: 0\r\nConnection: Close\r\n", "/mcp/echo?x=1")) as RequestHead;
    expect(head.url).toBe("/mcp/echo?x=1");
    expect(head.close).toBe(true);
  });

  it("waits for the rest of a head, and leaves an endless one to node:http", () => {
    expect(parse("POST /mcp/echo HTTP/1.1\r\nHost: gw\r\n")).toBe(NEED_MORE);
    expect(parse(`POST /mcp/echo HTTP/1.1\r\nX: ${"a".repeat(2000)}`)).toBe(DEFER);
  });

  it.each([
    ["another method", "GET /mcp/echo HTTP/1.1\r\nHost: gw\r\n\r\n"],
    ["HTTP/1.0", "POST /mcp/echo HTTP/1.0\r\nHost: gw\r\nContent-Length: 0\r\n\r\n"],
    ["another path", post("Content-Length: 0\r\n", "/sse/echo")],
    ["no Content-Length", post("")],
    ["a chunked body", post("Transfer-Encoding: chunked\r\n")],
    ["Content-Length and Transfer-Encoding (smuggling)", post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")],
    ["two Content-Lengths", post("Content-Length: 1\r\nContent-Length: 2\r\n")],
    ["a header twice", post("Content-Length: 0\r\nAuthorization: a\r\nauthorization: b\r\n")],
    ["an unknown header twice", post("Content-Length: 0\r\nX-A: a\r\nx-a: b\r\n")],
    ["a signed Content-Length", post("Content-Length: +2\r\n")],
    ["a body over the limit", post("Content-Length: 101\r\n")],
    ["Expect", post("Content-Length: 0\r\nExpect: 100-continue\r\n")],
    ["an upgrade", post("Content-Length: 0\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n")],
    ["a folded header line", post("Content-Length: 0\r\nX-A: a\r\n b\r\n")],
    ["a space before the colon", post("Content-Length : 0\r\n")],
    ["a bare LF", "POST /mcp/echo HTTP/1.1\nHost: gw\r\nContent-Length: 0\r\n\r\n"],
    ["a bare CR", post("Content-Length: 0\r\nX-A: a\rb\r\n")],
    ["a control character in a value", post("Content-Length: 0\r\nX-A: a\u0000b\r\n")],
    ["no Host", "POST /mcp/echo HTTP/1.1\r\nContent-Length: 0\r\n\r\n"],
    ["a space in the target", "POST /mcp/echo x HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n"],
  ])("leaves %s to node:http", (_, text) => {
    expect(parse(text)).toBe(DEFER);
  });
});
