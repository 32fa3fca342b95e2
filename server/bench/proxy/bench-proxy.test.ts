import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyBenchRequest } from "./bench-proxy.ts";
import { HEADERS_HEADER, PROXY_FAILURE_HEADER, TARGET_HEADER } from "./proxy-contract.ts";
import type { Lookup, TargetPolicy } from "./target-policy.ts";

/** A stand-in MCP server on loopback that records what reached it. */
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
let server: http.Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === "/moved") return void res.writeHead(307, { location: "/mcp" }).end();
      if (req.url === "/away") return void res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/sse") {
        res.writeHead(200, { "content-type": "text/event-stream", "mcp-session-id": "s-1", "set-cookie": "tracker=1" });
        res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n');
        setTimeout(() => res.end('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n'), 20);
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "mcp-session-id": "s-1", "set-cookie": "tracker=1", "x-internal": "secret" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: { echoed: body } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const local: TargetPolicy = { mode: "local", lookup: async () => ["127.0.0.1"], trustedOrigins: [] };

function benchRequest(target: string, init: { method?: string; headers?: Record<string, string>; body?: string; browser?: Record<string, string> } = {}): Request {
  return new Request("http://127.0.0.1:3000/api/bench/proxy", {
    method: init.method ?? "POST",
    headers: {
      [TARGET_HEADER]: target,
      [HEADERS_HEADER]: encodeURIComponent(JSON.stringify(init.headers ?? { "content-type": "application/json" })),
      ...init.browser,
    },
    body: init.body,
  });
}

describe("proxyBenchRequest", () => {
  it("passes the body and only the transport's headers; the reply comes back without the target's cookies", async () => {
    seen.length = 0;
    const response = await proxyBenchRequest(
      benchRequest(`${base}/mcp`, {
        headers: { "content-type": "application/json", authorization: "Bearer remote-token", "x-custom": "1" },
        body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
        browser: { cookie: "sy_session=console-secret", origin: "http://127.0.0.1:3000", referer: "http://127.0.0.1:3000/bench" },
      }),
      { policy: local },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 1, result: { echoed: '{"jsonrpc":"2.0","id":1,"method":"ping"}' } });
    expect(response.headers.get("mcp-session-id")).toBe("s-1");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("x-internal")).toBeNull();
    expect(response.headers.get("x-bench-address")).toBe("127.0.0.1");
    const got = seen[0]!;
    expect(got.headers.authorization).toBe("Bearer remote-token");
    expect(got.headers["x-custom"]).toBe("1");
    expect(got.headers.cookie).toBeUndefined();
    expect(got.headers.origin).toBeUndefined();
    expect(got.headers.referer).toBeUndefined();
    expect(got.headers[TARGET_HEADER]).toBeUndefined();
    expect(got.headers.host).toBe(`127.0.0.1:${port}`);
  });

  it("streams an event stream as it comes", async () => {
    const response = await proxyBenchRequest(benchRequest(`${base}/sse`, { method: "GET", headers: { accept: "text/event-stream" } }), { policy: local });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("notifications/message");
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain('"id":1');
  });

  it("follows a redirect within the origin", async () => {
    seen.length = 0;
    const response = await proxyBenchRequest(benchRequest(`${base}/moved`, { body: "{}" }), { policy: local });
    expect(response.status).toBe(200);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual(["POST /moved {}", "POST /mcp {}"]);
  });

  it("refuses a redirect to the metadata service and never connects there", async () => {
    const response = await proxyBenchRequest(benchRequest(`${base}/away`, { body: "{}" }), { policy: local });
    expect(response.status).toBe(502);
    expect(response.headers.get(PROXY_FAILURE_HEADER)).toBe("redirect");
    expect(await response.json()).toMatchObject({ step: "redirect", message: "the server redirects to http://169.254.169.254/latest/meta-data/, another origin: not followed, so your headers do not travel there" });
  });

  it("checks the address again on every hop: a name that rebinds to a blocked address between hops is refused", async () => {
    seen.length = 0;
    let calls = 0;
    const rebinding: Lookup = async () => (calls++ === 0 ? ["127.0.0.1"] : ["169.254.169.254"]);
    const response = await proxyBenchRequest(benchRequest(`http://rebind.test:${port}/moved`, { body: "{}" }), {
      policy: { mode: "local", lookup: rebinding, trustedOrigins: [] },
    });
    expect(await response.json()).toMatchObject({ step: "blocked", message: expect.stringContaining("rebind.test resolves to 169.254.169.254") });
    expect(seen.map((s) => s.url)).toEqual(["/moved"]);
  });

  it("connects only to the checked address, not to what the system resolver would say", async () => {
    seen.length = 0;
    const response = await proxyBenchRequest(benchRequest(`http://pinned.invalid:${port}/mcp`, { body: "{}" }), {
      policy: { mode: "local", lookup: async () => ["127.0.0.1"], trustedOrigins: [] },
    });
    expect(response.status).toBe(200);
    expect(seen[0]!.headers.host).toBe(`pinned.invalid:${port}`);
  });

  it("refuses loopback in saas mode before connecting", async () => {
    seen.length = 0;
    const response = await proxyBenchRequest(benchRequest(`${base}/mcp`, { body: "{}" }), { policy: { ...local, mode: "saas" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ step: "blocked", message: `127.0.0.1 is a loopback address (this machine): the bench proxy does not connect there in saas mode` });
    expect(seen).toEqual([]);
  });

  it("reaches the trusted gateway origin in saas mode", async () => {
    const response = await proxyBenchRequest(benchRequest(`${base}/mcp`, { body: "{}" }), { policy: { ...local, mode: "saas", trustedOrigins: [base] } });
    expect(response.status).toBe(200);
  });

  it("says the TCP step failed when nothing listens", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const response = await proxyBenchRequest(benchRequest(`http://127.0.0.1:${closedPort}/mcp`, { body: "{}" }), { policy: local });
    expect(await response.json()).toEqual({ step: "tcp", message: `127.0.0.1:${closedPort} refused the connection`, hint: expect.stringContaining("is the server running") });
  });

  it("says the TLS step failed when an https URL meets a plain HTTP port", async () => {
    const response = await proxyBenchRequest(benchRequest(`https://127.0.0.1:${port}/mcp`, { body: "{}" }), { policy: local });
    expect(await response.json()).toMatchObject({ step: "tls", hint: "the port speaks plain HTTP: try the URL with http://" });
  });

  it("says the DNS step failed for a name that does not resolve", async () => {
    const lookup: Lookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const response = await proxyBenchRequest(benchRequest("https://nowhere.invalid/mcp", { body: "{}" }), { policy: { ...local, lookup } });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ step: "dns", message: "nowhere.invalid does not resolve (ENOTFOUND)" });
  });

  it("refuses a body over the limit, and methods MCP does not use", async () => {
    const big = await proxyBenchRequest(benchRequest(`${base}/mcp`, { body: "x".repeat(2048) }), { policy: local, maxBodyBytes: 1024 });
    expect(await big.json()).toMatchObject({ step: "request", message: "the request body is larger than 1024 bytes" });
    const put = await proxyBenchRequest(benchRequest(`${base}/mcp`, { method: "PUT", body: "{}" }), { policy: local });
    expect(await put.json()).toMatchObject({ step: "request", message: "PUT is not proxied" });
  });
});
