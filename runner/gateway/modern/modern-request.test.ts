import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { type ModernRequest, decodeHeaderValue, isModernRequest, upstreamMessage } from "./modern-request.ts";

const withHeaders = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28" };

describe("isModernRequest", () => {
  it("is true for a revision in _meta or the 2026 header, never for initialize", () => {
    expect(isModernRequest(withHeaders({}), { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: meta } })).toBe(true);
    expect(isModernRequest(withHeaders({ "mcp-protocol-version": "2026-07-28" }), { jsonrpc: "2.0", id: 1, method: "tools/list" })).toBe(true);
    expect(isModernRequest(withHeaders({ "mcp-protocol-version": "2026-07-28" }), undefined)).toBe(true);
    expect(isModernRequest(withHeaders({ "mcp-protocol-version": "2026-07-28" }), { jsonrpc: "2.0", id: 1, method: "initialize", params: { _meta: meta } })).toBe(false);
    expect(isModernRequest(withHeaders({ "mcp-protocol-version": "2025-11-25" }), { jsonrpc: "2.0", id: 1, method: "tools/list" })).toBe(false);
    expect(isModernRequest(withHeaders({}), [{ jsonrpc: "2.0", id: 1, method: "tools/list" }, { jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: meta } }])).toBe(true);
    expect(isModernRequest(withHeaders({}), "not a message")).toBe(false);
  });
});

describe("upstreamMessage", () => {
  it("drops the protocol's own _meta keys and the MRTR params, and keeps progress and trace context", () => {
    const request = {
      id: 7,
      method: "tools/call",
      params: {
        name: "t",
        arguments: { a: 1 },
        inputResponses: { k: {} },
        requestState: "s",
        _meta: { ...meta, "io.modelcontextprotocol/clientCapabilities": {}, "io.modelcontextprotocol/logLevel": "info", progressToken: "p", traceparent: "00-abc-def-01", "com.example/own": 1 },
      },
    } as unknown as ModernRequest;
    expect(upstreamMessage(request)).toEqual({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "t", arguments: { a: 1 }, _meta: { progressToken: "p", traceparent: "00-abc-def-01", "com.example/own": 1 } } });
  });

  it("leaves no _meta at all when nothing of it is to go on", () => {
    const request = { id: "x", method: "tools/list", params: { _meta: meta } } as unknown as ModernRequest;
    expect(upstreamMessage(request)).toEqual({ jsonrpc: "2.0", id: "x", method: "tools/list", params: {} });
  });
});

describe("decodeHeaderValue", () => {
  it("decodes =?base64?…?= values and leaves plain ones", () => {
    expect(decodeHeaderValue(`=?base64?${Buffer.from("héllo wörld").toString("base64")}?=`)).toBe("héllo wörld");
    expect(decodeHeaderValue("echo")).toBe("echo");
  });
});
