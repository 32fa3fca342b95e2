/**
 * Publishing from a terminal and through the SDK, against the product started like `npm start`:
 * `switchyard publish` → the REST API → the node agent installs the package from an npm registry
 * (a loopback one here), probes it and records its contract → the registry read API; then the
 * SDK deploys it and the MCP SDK calls it through the gateway.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { SwitchyardClient, SwitchyardError } from "../cli/sdk/switchyard-client.ts";
import { type TestRegistry, startTestRegistry } from "../runner/test-support/npm-registry.ts";
import { WEATHER_BREAKING, WEATHER_NAME, WEATHER_V1, releaseWeather, weatherManifest } from "../server/registry/test/weather-component.ts";
import { type Product, startProduct } from "./product.ts";

const run = promisify(execFile);
const PORT_BASE = 3360;

let registry: TestRegistry;
let product: Product;
let workDir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  registry = await startTestRegistry();
  releaseWeather(registry, "1.0.0", WEATHER_V1);
  releaseWeather(registry, "1.1.0", WEATHER_BREAKING);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-publish-cli-"));
  product = await startProduct("embedded", PORT_BASE, undefined, { SWITCHYARD_NPM_REGISTRY: registry.url });
});

test.afterAll(async () => {
  await product?.stop();
  await registry?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Runs `switchyard publish` as a user would; resolves with its exit code and output. */
async function publish(manifest: unknown, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(workDir, `server-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(manifest));
  try {
    const { stdout, stderr } = await run("node", ["bin/switchyard.mjs", "publish", file, "--url", product.web, "--key", product.demoKey, ...flags], { timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("switchyard publish records the contract and the compatibility matrix", async () => {
  const result = await publish(weatherManifest("1.0.0"));
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`published ${WEATHER_NAME} 1.0.0`);
  expect(result.stdout).toMatch(/contract sha256:[0-9a-f]{64}/);
  for (const revision of ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]) {
    expect(result.stdout).toContain(`MCP ${revision}: ok  2 tools, 0 resources, 1 prompts`);
  }
  const read = await (await fetch(`${product.web}/v0.1/servers/${encodeURIComponent(WEATHER_NAME)}/versions/latest`)).json();
  expect(read.server).toMatchObject({ name: WEATHER_NAME, version: "1.0.0" });
});

test("a breaking change released as a minor is refused with each breaking change, and --force records it", async () => {
  const refused = await publish(weatherManifest("1.1.0"));
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("publish refused (HTTP 409)");
  expect(refused.stderr).toContain("publish it as 2.0.0 or force it");
  expect(refused.stderr).toMatch(/get_alerts/);
  const forced = await publish(weatherManifest("1.1.0"), "--force");
  expect(forced.code).toBe(0);
  expect(forced.stdout).toContain("FORCED past breaking changes");
  expect(forced.stdout).toContain("suggested bump major");
  expect(forced.stdout).toMatch(/breaking\s+tool "get_alerts"/);
});

test("an invalid server.json is refused with the JSON path of each problem", async () => {
  const result = await publish({ name: "weather", description: "x", version: "1.0.0", packages: [{ registryType: "npm", transport: { type: "stdio" } }] });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("$.name: expected reverse-DNS namespace/name");
  expect(result.stderr).toContain("$.packages[0].identifier");
});

test("the SDK deploys the published component and the gateway serves it", async () => {
  const sdk = new SwitchyardClient({ baseUrl: product.web, apiKey: product.demoKey });
  const components = await sdk.registry.components({ search: "weather" });
  expect(components.items.map((item) => item.name)).toEqual([WEATHER_NAME]);
  const created = await sdk.deployments.create({ name: "weather", component: WEATHER_NAME, version: "1.0.0" });
  expect(created.endpoints.mcp).toBe(`${product.gateway}/mcp/weather`);
  expect((await sdk.deployments.list()).map((deployment) => deployment.name)).toContain("weather");

  const client = new Client({ name: "switchyard-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(created.endpoints.mcp), { requestInit: { headers: { Authorization: `Bearer ${product.demoKey}` } } }));
  try {
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(["get_alerts", "get_forecast"]);
  } finally {
    await client.close();
  }

  const duplicate = await sdk.deployments.create({ name: "weather", component: WEATHER_NAME }).catch((error: unknown) => error);
  expect(duplicate).toBeInstanceOf(SwitchyardError);
  expect((duplicate as SwitchyardError).status).toBe(409);
  expect((duplicate as SwitchyardError).details).toMatchObject({ fieldErrors: { name: expect.stringContaining("already have a deployment") } });
  await sdk.deployments.delete("weather");
  expect((await sdk.deployments.list()).map((deployment) => deployment.name)).not.toContain("weather");
});

test("a key scoped to one deployment cannot manage the tenant, and a revoked key nothing at all", async () => {
  const sdk = new SwitchyardClient({ baseUrl: product.web, apiKey: product.demoKey });
  const scoped = await sdk.keys.create({ name: "only-everything", scopes: ["everything"] });
  const limited = new SwitchyardClient({ baseUrl: product.web, apiKey: scoped.key });
  const refused = (await limited.registry.publish(weatherManifest("9.0.0")).catch((error: unknown) => error)) as SwitchyardError;
  expect(refused.status).toBe(403);
  expect(refused.message).toContain('needs a key with the "*" scope');
  await sdk.keys.revoke(scoped.view.id);
  const revoked = (await limited.deployments.list().catch((error: unknown) => error)) as SwitchyardError;
  expect(revoked.status).toBe(401);
  expect(revoked.message).toContain("was revoked");
});
