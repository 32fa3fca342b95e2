import { describe, expect, it } from "vitest";
import { gatewayWsUrl, hostedSpec, remoteSpec } from "./connection-spec.ts";

const form: Parameters<typeof remoteSpec>[0] = { url: "https://mcp.example.com/mcp", transport: "streamable-http", revision: "2025-11-25", bearer: "", headers: [] };

describe("remoteSpec", () => {
  it("takes any number of custom headers and a bearer token", () => {
    const result = remoteSpec({
      ...form,
      bearer: "t0k",
      headers: [
        { name: "X-Tenant", value: "acme", enabled: true },
        { name: "X-Off", value: "1", enabled: false },
        { name: "", value: "", enabled: true },
        { name: "X-Trace", value: "", enabled: true },
      ],
    });
    expect(result).toEqual({
      ok: true,
      spec: {
        label: "mcp.example.com/mcp",
        kind: "remote",
        url: "https://mcp.example.com/mcp",
        transport: "streamable-http",
        revision: "2025-11-25",
        headers: { "X-Tenant": "acme", "X-Trace": "", Authorization: "Bearer t0k" },
      },
    });
  });

  it("labels the tab with host and path, shortened", () => {
    expect(remoteSpec({ ...form, url: "https://mcp.example.com/" })).toMatchObject({ spec: { label: "mcp.example.com" } });
    expect(remoteSpec({ ...form, url: "https://mcp.example.com/a/very/long/path/to/the/mcp/endpoint" })).toMatchObject({ spec: { label: "mcp.example.com/a/very/long/path/to/the…" } });
  });

  it("keeps a token that already says Bearer", () => {
    expect(remoteSpec({ ...form, bearer: "Bearer abc" })).toMatchObject({ ok: true, spec: { headers: { Authorization: "Bearer abc" } } });
  });

  it("takes ws:// URLs, and http(s) ones as the same host's WebSocket, with the WebSocket transport", () => {
    expect(remoteSpec({ ...form, url: "wss://mcp.example.com/ws", transport: "websocket" })).toMatchObject({ ok: true, spec: { url: "wss://mcp.example.com/ws", transport: "websocket" } });
    expect(remoteSpec({ ...form, url: "https://mcp.example.com/ws", transport: "websocket" })).toMatchObject({ ok: true, spec: { url: "wss://mcp.example.com/ws" } });
    expect(gatewayWsUrl("http://127.0.0.1:8080/mcp/everything")).toBe("ws://127.0.0.1:8080/ws/everything");
  });

  it.each([
    [{ url: "mcp.example.com" }, "url", "expected a full URL, e.g. https://example.com/mcp"],
    [{ url: "ws://mcp.example.com/ws" }, "url", "expected an http:// or https:// URL, not ws:// (pick the WebSocket transport for a ws:// URL)"],
    [{ url: "ftp://mcp.example.com/ws", transport: "websocket" as const }, "url", "expected a ws:// or wss:// URL, not ftp://"],
    [{ revision: "2023-01-01" }, "revision", "expected one of 2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05"],
    [{ revision: "2026-07-28", transport: "sse" as const }, "transport", "2026-07-28 runs over streamable HTTP only: choose Streamable HTTP"],
    [{ headers: [{ name: "Bad Name", value: "x", enabled: true }] }, "headers.0", '"Bad Name" is not a header name (letters, digits and -)'],
    [{ headers: [{ name: "X-A", value: "1", enabled: true }, { name: "x-a", value: "2", enabled: true }] }, "headers.1", "x-a is set twice"],
    [{ headers: [{ name: "X-A", value: "1\r\nHost: evil", enabled: true }] }, "headers.0", "the value of X-A must be on one line"],
    [{ bearer: "t", headers: [{ name: "authorization", value: "Basic x", enabled: true }] }, "bearer", "set either a bearer token or an Authorization header, not both"],
  ])("refuses %j naming the field", (change, field, message) => {
    expect(remoteSpec({ ...form, ...change })).toEqual({ ok: false, field, message });
  });
});

describe("hostedSpec", () => {
  it("uses the deployment's gateway endpoint for the transport, with the key as bearer", () => {
    const deployment = { name: "everything", endpoints: { mcp: "http://127.0.0.1:8080/mcp/everything", sse: "http://127.0.0.1:8080/sse/everything" } };
    expect(hostedSpec(deployment, "sy_abc_def", "2025-06-18")).toEqual({
      label: "everything",
      kind: "hosted",
      url: "http://127.0.0.1:8080/mcp/everything",
      transport: "streamable-http",
      revision: "2025-06-18",
      headers: { Authorization: "Bearer sy_abc_def" },
    });
    expect(hostedSpec(deployment, "k", "2024-11-05", "sse").url).toBe("http://127.0.0.1:8080/sse/everything");
  });
});
