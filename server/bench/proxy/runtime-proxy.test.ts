import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleHeaders, openTestRuntime } from "../../trpc/test-runtime.ts";
import { PROXY_FAILURE_HEADER, TARGET_HEADER } from "./proxy-contract.ts";
import { handleBenchProxy, runtimePolicy } from "./runtime-proxy.ts";

describe("the bench proxy route", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(() => runtime.close());

  it.each([
    ["no session cookie", "GET", { cookie: "" }],
    ["another site's origin", "GET", { origin: "https://evil.example" }],
    ["a cross-site fetch", "GET", { origin: "", "sec-fetch-site": "cross-site" }],
    ["a rebound host name", "GET", { host: "attacker.example:3000" }],
    ["a POST without an Origin", "POST", { origin: "" }],
  ])("refuses a request with %s, so it is never an open proxy", async (_label, method, extra) => {
    const headers = consoleHeaders({ [TARGET_HEADER]: "http://169.254.169.254/latest/meta-data/", ...extra });
    const response = await handleBenchProxy(runtime, new Request("http://127.0.0.1:3000/api/bench/proxy", { method, headers, ...(method === "POST" ? { body: "{}" } : {}) }));
    expect(response.status).toBe(401);
    expect(response.headers.get(PROXY_FAILURE_HEADER)).toBe("session");
  });

  it("applies the address rules to a signed-in console", async () => {
    const headers = consoleHeaders({ [TARGET_HEADER]: "http://169.254.169.254/latest/meta-data/" });
    const response = await handleBenchProxy(runtime, new Request("http://127.0.0.1:3000/api/bench/proxy", { method: "GET", headers }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ step: "blocked", message: expect.stringContaining("a cloud metadata address") });
  });

  it("trusts exactly the installation's gateway origin", () => {
    expect(runtimePolicy(runtime)).toMatchObject({ mode: "local", trustedOrigins: ["http://127.0.0.1:8080"] });
  });
});
